/**
 * Synthetic nights for the history's unit tests: a night is a run id and its cells, each cell
 * written as `variant/job:status[:fingerprint]`.
 */
import type { HistoryCell, HistoryNight } from "./history-record.js";

/** One cell from its short form; a fingerprint makes it a breakage of `pkg` (the part before `-`). */
export function cell(spec: string, extra: Partial<HistoryCell> = {}): HistoryCell {
  const [where = "", status = "pass", fingerprint] = spec.split(":");
  const [variant = "", job = ""] = where.split("/");
  const pkg = fingerprint?.split("-")[0] ?? null;
  return {
    variant,
    job,
    status: status as HistoryCell["status"],
    versions: { peft: variant.startsWith("upstream") ? "a".repeat(40) : "0.13.0" },
    signature: fingerprint ? `TypeError: ${fingerprint}` : null,
    fingerprint: fingerprint ?? null,
    culprits: pkg ? [pkg] : [],
    evidence: pkg ? "single-package-variant" : null,
    bisect: null,
    issue: null,
    expected: null,
    excerpt: fingerprint ? "Traceback ..." : null,
    log: null,
    metrics: { final_loss: 1.5, seconds: 10, peak_memory_mb: 800, tokens_per_s: null },
    ...extra,
  };
}

/** Night number `n` (a run id on day n of March 2026) with `cells`. */
export function night(n: number, cells: Array<string | HistoryCell>): HistoryNight {
  const day = String(n).padStart(2, "0");
  return {
    version: 1,
    run: `202603${day}-020000-aaaa`,
    date: `2026-03-${day}T02:00:00.000Z`,
    matrix: "tinytune",
    blocked: false,
    cells: cells.map((c) => (typeof c === "string" ? cell(c) : c)),
  };
}

/** The run id of night `n`. */
export const runOf = (n: number) => night(n, []).run;
