/**
 * Failure signatures and excerpts. A signature is what makes "the same breakage" comparable across
 * nights, commits and machines: the exception type, its normalised first message line, and the
 * innermost frames as `file-basename:function` (line numbers move with every upstream commit, so
 * they are left out). Without a traceback the last meaningful output lines stand in.
 */
import { normalizeText } from "./normalize-text.js";
import { cleanLines, parseTraceback } from "./parse-traceback.js";

/** How many innermost frames a signature keeps: enough to tell call sites apart, few enough to survive refactors. */
const FRAMES = 3;
const MAX_MESSAGE = 240;
const FALLBACK_LINES = 3;
const EXCERPT_LINES = 40;

/** The file part of a path, for either separator. */
function basenameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The last non-empty lines of the output, or none. */
function lastLines(output: string, count: number): string[] {
  return cleanLines(output)
    .filter((line) => line.trim() !== "")
    .slice(-count);
}

/** The normalised failure signature of a job's output; empty output gives `no output`. */
export function signatureOf(output: string): string {
  const traceback = parseTraceback(output);
  if (!traceback) {
    const lines = lastLines(output, FALLBACK_LINES).map(normalizeText);
    return lines.length > 0 ? lines.join(" | ") : "no output";
  }
  const message = normalizeText(traceback.message).slice(0, MAX_MESSAGE);
  const head = message ? `${traceback.type}: ${message}` : traceback.type;
  const frames = traceback.frames
    .slice(-FRAMES)
    .reverse()
    .map((f) => `${basenameOf(f.file)}:${f.func}`);
  return frames.length > 0 ? `${head} @ ${frames.join(" < ")}` : head;
}

/** The part of the output a maintainer reads first: the explaining traceback, else the tail. */
export function excerptOf(output: string): string {
  const traceback = parseTraceback(output);
  const lines = traceback ? traceback.text.split("\n") : lastLines(output, EXCERPT_LINES);
  // A deep traceback keeps its head and its innermost end, where the breakage is.
  return lines.length > EXCERPT_LINES
    ? [...lines.slice(0, 5), "  ...", ...lines.slice(-(EXCERPT_LINES - 6))].join("\n")
    : lines.join("\n");
}
