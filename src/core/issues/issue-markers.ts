/**
 * The hidden markers matrix writes into issue and comment bodies, one HTML comment per line:
 * `<!-- matrix:fingerprint=FP -->` finds the issue of a breakage (never a fuzzy title search),
 * `<!-- matrix:event=KEY -->` finds a comment already posted, and the state lines the filer adds
 * (`packages`, `first-bad`, `noted`) say what the issue already told its readers, so the next
 * night comments only when something changed. GitHub renders none of them.
 */

/** Everything the markers of one body say; absent markers are null or empty. */
export interface IssueMarkers {
  fingerprint: string | null;
  /** `VARIANT/JOB` of the cell the breakage was filed from. */
  cell: string | null;
  dashboard: boolean;
  /** The culprit packages (an interaction has several); null when the body does not say. */
  packages: string[] | null;
  /** The first bad release or commit the issue already names. */
  firstBad: string | null;
  /** One-off comments already made (`stale`). */
  noted: string[];
  /** Event keys of comments (`first-bad:abc`, `fixed:<run>`). */
  events: string[];
  /** Repositories whose matrix spoke in this body (`owner/repo`), for upstream issues. */
  from: string[];
  /** The labels a draft asks for (`<!-- matrix:labels=a,b -->`). */
  labels: string[];
}

/** The filer's own state lines, rewritten whole whenever the body is. */
export interface FilingState {
  packages: string[];
  firstBad: string | null;
  noted: string[];
}

const MARKER_LINE = /^[ \t]*<!--\s*matrix:([a-z-]+)(?:=([^\s>]*))?\s*-->[ \t]*$/gm;
const STATE_KEYS = new Set(["packages", "first-bad", "noted"]);

/** `<!-- matrix:KEY=VALUE -->` (or `<!-- matrix:KEY -->` without a value). */
export function markerLine(key: string, value?: string): string {
  return value === undefined ? `<!-- matrix:${key} -->` : `<!-- matrix:${key}=${value} -->`;
}

/** The markers of a body (an issue's, a comment's or a draft's); `\r\n` bodies read the same. */
export function markersOf(text: string): IssueMarkers {
  const markers: IssueMarkers = {
    fingerprint: null,
    cell: null,
    dashboard: false,
    packages: null,
    firstBad: null,
    noted: [],
    events: [],
    from: [],
    labels: [],
  };
  for (const match of text.replace(/\r\n?/g, "\n").matchAll(MARKER_LINE)) {
    const [, key, value = ""] = match;
    // The last one counts: matrix writes its markers at the end, after any job output it quotes.
    if (key === "fingerprint") markers.fingerprint = value || markers.fingerprint;
    else if (key === "cell") markers.cell = value || markers.cell;
    else if (key === "dashboard") markers.dashboard = true;
    else if (key === "packages") markers.packages = value.split("+").filter(Boolean);
    else if (key === "first-bad") markers.firstBad = value || null;
    else if (key === "noted") markers.noted.push(...value.split(",").filter(Boolean));
    else if (key === "event" && value) markers.events.push(value);
    else if (key === "from" && value) markers.from.push(value);
    else if (key === "labels") markers.labels = value.split(",").filter(Boolean);
  }
  return markers;
}

/**
 * `body` with the filer's state lines replaced by `state`'s, at the end. The draft stays as the
 * drafter wrote it; only lines the filer owns move, so stamping a stamped body changes nothing.
 */
export function stampState(body: string, state: FilingState): string {
  const kept = body
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((line) => {
      const match = /^[ \t]*<!--\s*matrix:([a-z-]+)/.exec(line);
      return !(match?.[1] && STATE_KEYS.has(match[1]));
    })
    .join("\n")
    .trimEnd();
  const lines = [markerLine("packages", [...state.packages].sort().join("+"))];
  if (state.firstBad) lines.push(markerLine("first-bad", state.firstBad));
  if (state.noted.length > 0) lines.push(markerLine("noted", [...new Set(state.noted)].sort().join(",")));
  return `${kept}\n\n${lines.join("\n")}\n`;
}

/** Whether two bodies say the same, ignoring line endings and trailing blanks (GitHub may add `\r`). */
export function sameBody(a: string | null, b: string | null): boolean {
  const norm = (text: string | null) => (text ?? "").replace(/\r\n?/g, "\n").trimEnd();
  return norm(a) === norm(b);
}
