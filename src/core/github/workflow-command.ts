/**
 * A workflow command line (`::error title=...,file=...,line=...::message`), escaped as the runner
 * unescapes it. Formatted here instead of by `@actions/core`'s `error()` / `warning()` because
 * those always print to stdout, and stdout with `--json` carries the JSON alone: the runner reads
 * workflow commands from a step's stderr as well (actions/runner's ScriptHandler hands both
 * streams to an OutputManager with the ActionCommandManager), so the harness prints them there.
 */

/** An annotation's level, title and place (a file relative to the workspace and a 1-based line). */
export interface Annotation {
  level: "error" | "warning" | "notice";
  message: string;
  title: string;
  file?: string;
  line?: number;
}

/** One line, no newline at its end; properties in the order the runner documents them. */
export function formatAnnotation(a: Annotation): string {
  const props: Array<[string, string]> = [["title", a.title]];
  if (a.file) props.push(["file", a.file]);
  if (a.file && a.line !== undefined) props.push(["line", String(a.line)]);
  const head = props
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(",");
  return `::${a.level}${head ? ` ${head}` : ""}::${escapeData(a.message)}`;
}

// The runner's escaping: a message keeps `:` and `,`, a property value cannot.
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
