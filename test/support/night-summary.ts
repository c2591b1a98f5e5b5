/**
 * Summaries of made-up nights, built the way the night builds them (triageRun, then
 * markExpected), for the gate's and the digest's tests: a night is a list of cells.
 */
import type { ExpectedEntry } from "../../src/core/matrix/model.js";
import { markExpected } from "../../src/core/triage/mark-expected.js";
import { type TriageInput, triageRun, type VariantMoves } from "../../src/core/triage/triage-run.js";

/** `[variant, job, status, blame?, signature?]`: one result of the night. */
export type Cell = [string, string, TriageInput["status"], string?, string?];

/** The signature cells fail with unless they say otherwise. */
export const TYPE_ERROR =
  "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer' @ trainer.py";

/** What each variant moves, read from its name: `latest-peft` moves peft, `-all` every package named. */
function movesOf(cells: Cell[]): VariantMoves[] {
  const names = [...new Set(cells.map((c) => c[0]))];
  const single = names.map((n) => /^(?:latest|upstream)-(.+)$/.exec(n)?.[1]).filter((p) => p && p !== "all");
  return names.map((name) => {
    const [kind, target] = name === "pinned" ? ["pinned", ""] : (name.split(/-(.*)/s) as [string, string]);
    const packages = kind === "pinned" ? [] : target === "all" ? [...new Set(single as string[])] : [target];
    return { name, kind: kind as VariantMoves["kind"], packages };
  });
}

/** The summary of a night of `cells`, with `entries` applied at `now`, as summary.json holds it. */
export function nightSummary(
  cells: Cell[],
  opts: { run?: string; entries?: ExpectedEntry[]; now?: Date } = {},
) {
  const results: TriageInput[] = cells.map(([variant, job, status, blame, signature]) => ({
    variant,
    job,
    status,
    failure:
      status === "pass" ? null : { signature: signature ?? TYPE_ERROR, blame: blame ?? null, excerpt: "" },
  }));
  const triage = triageRun(results, movesOf(cells));
  const marked = markExpected(
    { ...triage, results },
    opts.entries ?? [],
    opts.now ?? new Date("2026-03-15T02:00:00Z"),
  );
  return { run: opts.run ?? "20260315-020000-abcd", ...triage, ...marked, results };
}

/** An `expected:` entry, as parseMatrix makes one (line 30 of `m.yml` unless told). */
export function expectedEntry(over: Partial<ExpectedEntry>): ExpectedEntry {
  return {
    index: 0,
    package: null,
    fingerprint: null,
    job: "smoke",
    reason: "known breakage",
    link: null,
    until: "2026-12-31",
    pos: { file: "m.yml", line: 30, col: 5 },
    ...over,
  };
}
