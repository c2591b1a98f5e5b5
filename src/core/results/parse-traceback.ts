/**
 * Finds the Python traceback that explains a failed job in its (stdout+stderr) output. The last
 * traceback usually does, except when a launcher (accelerate, torchrun, subprocess) re-raises the
 * child's death as its own exception: then every failure would look alike, so the child's
 * traceback before it is the one that counts.
 */
import stripAnsiCodes from "strip-ansi";

/** One `File "...", line N, in func` frame. */
export interface Frame {
  file: string;
  line: number;
  func: string;
}

/** A parsed traceback: frames outermost first, the exception, and the block's text. */
export interface Traceback {
  frames: Frame[];
  type: string;
  message: string;
  text: string;
}

const HEADER = "Traceback (most recent call last):";
const FRAME = /^\s*File "([^"]+)", line (\d+), in (.+)$/;
const EXCEPTION = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
// Exceptions a launcher raises because its child failed; they say nothing about the breakage.
const LAUNCHER_ERRORS = /(^|\.)(CalledProcessError|ChildFailedError)$/;

/**
 * The text without ANSI colour and cursor escapes (uv, rich and tqdm colour their output): the
 * `strip-ansi` package, which also knows OSC links and the 8-bit CSI forms a hand regex missed.
 */
export function stripAnsi(text: string): string {
  return stripAnsiCodes(text);
}

/** Output lines with ANSI colours, `\r` progress redraws and `[rank0]:` prefixes removed. */
export function cleanLines(output: string): string[] {
  return stripAnsi(output)
    .split(/\r?\n/)
    .map((line) => (line.includes("\r") ? (line.split("\r").pop() ?? "") : line))
    .map((line) => line.replace(/^\[(?:rank|default)\d+\]:\s?/, ""));
}

/** Parses the block that starts at `lines[start]` (the header line). */
function parseBlock(lines: string[], start: number): Traceback | null {
  const frames: Frame[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const frame = FRAME.exec(line);
    if (frame) {
      frames.push({ file: frame[1] as string, line: Number(frame[2]), func: (frame[3] as string).trim() });
      continue;
    }
    if (line.trim() === "" || /^\s/.test(line)) continue;
    const exception = EXCEPTION.exec(line.trimEnd());
    if (!exception) continue;
    const rest: string[] = [];
    for (let j = i + 1; j < lines.length && j < i + 20; j++) {
      const next = lines[j] as string;
      if (next.trim() === "" || next.startsWith(HEADER)) break;
      rest.push(next);
    }
    return {
      frames,
      type: exception[1] as string,
      message: (exception[2] ?? "").trim(),
      text: lines.slice(start, i + 1 + rest.length).join("\n"),
    };
  }
  return null;
}

/** The traceback that explains the failure, or null when the output has none. */
export function parseTraceback(output: string): Traceback | null {
  const lines = cleanLines(output);
  const blocks: Traceback[] = [];
  lines.forEach((line, i) => {
    if (line.trimStart().startsWith(HEADER)) {
      const block = parseBlock(lines, i);
      if (block) blocks.push(block);
    }
  });
  const meaningful = blocks.filter((b) => !LAUNCHER_ERRORS.test(b.type));
  return meaningful[meaningful.length - 1] ?? blocks[blocks.length - 1] ?? null;
}
