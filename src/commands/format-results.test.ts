import { describe, expect, it } from "vitest";
import type { Regression, TriageSummary } from "../core/triage/triage-run.js";
import { formatTriage } from "./format-results.js";

const regression = (culprits: string[], evidence: Regression["evidence"]): Regression => ({
  variant: "latest-all",
  job: "lora",
  status: "fail",
  signature: "E",
  culprits,
  culprit: culprits[0] ?? null,
  evidence,
  needs_interaction_search: false,
  cleared: [],
  fingerprint: "0123456789abcdef",
});
const summaryOf = (regressions: Regression[]): TriageSummary => ({
  blocked: false,
  blockers: [],
  regressions,
  unsatisfiable: [],
  flaky: [],
  infra: [],
  passed: [],
});

describe("formatTriage", () => {
  it.each<[string, Regression, string]>([
    ["one culprit", regression(["peft"], "traceback"), "latest-all / lora: fail, culprit peft (traceback)"],
    [
      "an interaction",
      regression(["transformers", "peft"], "interaction"),
      "latest-all / lora: fail, culprits transformers + peft (interaction)",
    ],
    ["none", regression([], "none"), "latest-all / lora: fail, culprit unknown"],
    [
      "an expected one",
      Object.assign(regression(["peft"], "traceback"), {
        expected: { entry: 0, reason: "LoRA-FA gone", link: null, until: "2026-12-31" },
      }),
      "latest-all / lora: fail, culprit peft (traceback) (expected: LoRA-FA gone)",
    ],
  ])("%s", (_name, r, line) => {
    expect(formatTriage(summaryOf([r]))).toContain(`upstream regression ${line}`);
  });
});
