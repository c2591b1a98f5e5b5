/**
 * The one line a terminal shows for a failing cell: its cause, not the first words of its log.
 * A traceback's exception line (not "Traceback (most recent call last):"), the resolver's "Because
 * ..." explanation (not "× No solution found"), "not a Python project" for a folder pip cannot
 * install, an unreachable URL's host and reason. `cutLine` shortens without losing those parts.
 */
import { crashFramesOf, describeSignal, signalOfSignature } from "./crash-signal.js";
import { parseResolverReport } from "./resolver-report.js";

/** What a cause is read from: a result record, or a triage blocker (which may lack the excerpt). */
export interface CauseInput {
  status: string;
  failure?: { kind?: string; excerpt?: string; signature: string } | null;
}

const EXCEPTION_LINE =
  /^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt|Warning|Fault|Failure)\b(?::.*)?$/;
const NOT_PYTHON =
  /does not appear to be a Python project|neither 'setup\.py' nor 'pyproject\.toml'|not a Python project/i;
const SKIP = /^Traceback \(most recent call last\):$|^\s*$/;

/** The cause of a failing result in one line (uncut); "" for a pass. */
export function causeOf(result: CauseInput): string {
  if (result.status === "pass" || !result.failure) return "";
  // An empty excerpt (a job killed with no output) says nothing; the signature still does.
  const text = result.failure.excerpt || result.failure.signature;
  const signal = signalOfSignature(result.failure.signature);
  if (signal !== null && result.status !== "timeout") return describeKill(signal, text);
  const lines = text.split("\n").map((l) => l.trim());
  const notPython = lines.find((l) => NOT_PYTHON.test(l));
  if (notPython) return `not a Python project: ${notPython.replace(/^(error|ERROR):\s*/, "")}`;
  if (result.status === "install-error" || result.status === "unsatisfiable") {
    // The resolver's deepest reason, read by the one parser of resolver reports.
    const resolver = parseResolverReport(result.failure.excerpt ?? result.failure.signature);
    if (resolver) return resolver.reason;
  }
  if (result.status === "infra-error")
    return describeUnreachable(lines.filter((l) => !SKIP.test(l)).join(" "));
  const exception = [...lines].reverse().find((l) => EXCEPTION_LINE.test(l));
  if (exception) return exception;
  if (result.failure.kind === "expectation") return lines.find((l) => !SKIP.test(l)) ?? "expectation not met";
  return [...lines].reverse().find((l) => !SKIP.test(l)) ?? result.status;
}

/** `killed by SIGILL (illegal instruction)`, and where, when the fault handler said so. */
function describeKill(signal: string, text: string): string {
  const site = crashFramesOf(text)[0];
  const where = site ? ` at ${site.file.split(/[\\/]/).slice(-2).join("/")}:${site.func}` : "";
  return `killed by ${describeSignal(signal)}${where}`;
}

/**
 * A tail cut from a longer line, starting at a word rather than inside one ("…ersion of x"
 * reads as a typo): up to a third of it may go to reach the next space; a tail that is one long
 * token stays as cut.
 */
function startAtWord(tail: string): string {
  const space = tail.search(/\s/);
  return space > 0 && space < tail.length / 3 ? tail.slice(space + 1) : tail;
}

/** git and curl repeat the URL a message already names: keep the URL once, then the reason. */
function describeUnreachable(text: string): string {
  return text.replace(/fatal: unable to access '[^']*':\s*/g, "");
}

/**
 * `text` cut to `max` characters keeping what matters: URLs shrink to their host first, then the
 * middle goes, so the head (the exception type, the variant) and the tail (the reason) stay.
 */
export function cutLine(text: string, max: number): string {
  if (text.length <= max) return text;
  const hosts = text.replace(/\b([a-z][a-z0-9+.-]*):\/\/([^/\s'")]+)[^\s'")]*/gi, "$1://$2/…");
  if (hosts.length <= max) return hosts;
  const headEnd = hosts.indexOf(": ");
  const head = headEnd > 0 && headEnd < max / 2 ? hosts.slice(0, headEnd + 2) : "";
  const room = max - head.length - 1;
  return `${head}…${startAtWord(hosts.slice(hosts.length - room))}`;
}
