/**
 * Metrics lines: a smoke job appends JSON lines to `$MATRIX_METRICS`. Lines with a `step` are
 * per-step records; any other object merges into the summary. Training code writes these with
 * Python's `json.dumps`, which emits bare `NaN`/`Infinity`, and a job killed mid-write leaves a
 * torn last line, so both are tolerated rather than failing the whole record.
 */

/** One per-step record, e.g. `{"step": 3, "loss": 2.71, "lr": 0.0001}`. */
export interface StepRecord {
  step: number;
  loss?: number | null;
  [key: string]: unknown;
}

/** Everything a job reported: per-step records in file order, and the merged summary. */
export interface Metrics {
  steps: StepRecord[];
  summary: Record<string, unknown>;
}

const SENTINEL = "\u0000matrix-number:";
const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
};

/** Rewrites bare NaN/Infinity tokens outside strings into sentinel strings JSON.parse accepts. */
function quoteNonFinite(line: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (inString) {
      out += ch;
      if (ch === "\\") out += line[++i] ?? "";
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    const token = ["-Infinity", "Infinity", "NaN"].find((t) => line.startsWith(t, i));
    if (token) {
      out += JSON.stringify(SENTINEL + token);
      i += token.length - 1;
      continue;
    }
    out += ch;
  }
  return out;
}

/** Parses one line into an object, or null when it is torn, empty or not an object. */
function parseLine(line: string): Record<string, unknown> | null {
  const text = line.trim();
  if (!text.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(quoteNonFinite(text), (_key, v) =>
      typeof v === "string" && v.startsWith(SENTINEL) ? NON_FINITE[v.slice(SENTINEL.length)] : v,
    );
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Parses the metrics file's text; unparseable lines (a torn last write) are skipped. */
export function parseMetrics(text: string): Metrics {
  const metrics: Metrics = { steps: [], summary: {} };
  for (const line of text.split(/\r?\n/)) {
    const record = parseLine(line);
    if (!record) continue;
    if (typeof record.step === "number") metrics.steps.push(record as StepRecord);
    else Object.assign(metrics.summary, record);
  }
  return metrics;
}
