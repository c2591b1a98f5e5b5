/**
 * `matrix knobs probe`: a refused (or healed) combination run with the wrapper's validation
 * bypassed. A rule holds while the bypassed run fails; one that passes under a variant no longer
 * holds there: upstream fixed it, and the wrapper can drop the rule or scope it to older versions.
 */
import type { KnobCombination, KnobVerdictKind } from "./model.js";

/** What a probe found about one rule. */
export interface ProbeFinding {
  job: string;
  id: string;
  knobs: KnobCombination;
  /** The verdict the rule gives (`refuse` or `heal`) and its reasons. */
  verdict: KnobVerdictKind;
  reasons: string[];
  /** variant -> status of the bypassed run. */
  results: Record<string, string>;
  /** `holds`: fails everywhere it ran; `obsolete`: passes everywhere, pins included;
   * `fixed-upstream`: fails with the pins, passes with some newer variant; `untested`: nothing ran.
   * A rule that only newer variants need still holds. */
  rule: "holds" | "obsolete" | "fixed-upstream" | "untested";
  /** Variants where the bypassed run passes. */
  passes_under: string[];
}

const PASSING = new Set(["pass", "flaky"]);
const TESTED = new Set(["pass", "flaky", "fail", "timeout"]);

/** Judges one rule from the statuses of its bypassed runs. */
export function judgeProbe(
  cell: { job: string; id: string; knobs: KnobCombination; verdict: KnobVerdictKind; reasons: string[] },
  results: Record<string, string>,
): ProbeFinding {
  const tested = Object.entries(results).filter(([, s]) => TESTED.has(s));
  const passes = tested.filter(([, s]) => PASSING.has(s)).map(([v]) => v);
  const pinned = results.pinned;
  let rule: ProbeFinding["rule"];
  if (tested.length === 0) rule = "untested";
  else if (passes.length === 0) rule = "holds";
  else if (pinned !== undefined && TESTED.has(pinned) && !PASSING.has(pinned)) rule = "fixed-upstream";
  // "Obsolete" (drop the rule) claims the pins too: only when the pins were run and passed.
  else if (pinned !== undefined && PASSING.has(pinned))
    rule = passes.length === tested.length ? "obsolete" : "holds";
  else rule = "fixed-upstream";
  return { ...cell, results, rule, passes_under: passes };
}

/** One line per rule, for the terminal. */
export function formatProbe(findings: ProbeFinding[]): string {
  if (findings.length === 0) return "knobs probe: no refused or healed combinations to probe";
  const say = {
    holds: "rule holds (fails with validation bypassed)",
    obsolete: "rule no longer holds: passes with validation bypassed, pins included (drop the rule)",
    "fixed-upstream": "rule no longer holds upstream (scope the rule to older versions)",
    untested: "not tested (the environments could not be made)",
  };
  return [
    "knobs probe: refused and healed combinations run with validation bypassed",
    ...findings.map((f) => {
      const runs = Object.entries(f.results)
        .map(([v, s]) => `${v} ${s}`)
        .join(", ");
      return `  ${f.job} ${f.id} (${f.verdict}: ${f.reasons[0] ?? ""}): ${say[f.rule]}; ${runs}`;
    }),
  ].join("\n");
}
