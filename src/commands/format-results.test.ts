import { describe, expect, it } from "vitest";
import type { ResultRecord } from "../core/results/result-record.js";
import type { Regression, TriageSummary } from "../core/triage/triage-run.js";
import { formatResults, formatTriage, logPathOf } from "./format-results.js";

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
  stale: [],
  left_out: [],
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

describe("formatTriage of a refused variant", () => {
  it("leads with the deepest reason, then names the user's own pin on a line of its own", () => {
    const explanation = [
      "Because only fakekernels==0.18.0 is available and transformers>=5.25.0 depends on fakekernels>=0.19.1, we can conclude that transformers>=5.25.0 cannot be used.",
      "And because you require transformers==5.25.0, we can conclude that your requirements are unsatisfiable.",
    ].join("\n");
    const summary = {
      ...summaryOf([]),
      unsatisfiable: [
        {
          variant: "latest-transformers",
          job: "lora",
          explanation,
          culprits: ["transformers"],
          companion: null,
        },
      ],
    };
    const lines = formatTriage(summary).split("\n");
    const at = lines.findIndex((l) => l.startsWith("  unsatisfiable latest-transformers / lora: "));
    expect(lines[at]).toContain(
      "culprit transformers: Because only fakekernels==0.18.0 is available and transformers>=5.25.0 depends on fakekernels>=0.19.1",
    );
    expect(lines[at + 1]).toBe("    you require transformers==5.25.0");
  });
});

const cell = (over: Partial<ResultRecord>): ResultRecord => ({
  variant: "latest-all",
  job: "lora",
  status: "fail",
  installed: {},
  seconds: 2,
  attempts: 1,
  metrics: { steps: [], summary: {} },
  failure: null,
  ...over,
});
const failure = (excerpt: string) => ({ kind: "exception" as const, signature: "s", excerpt, blame: null });

describe("formatTriage infra errors", () => {
  it("names each variant once, with its jobs", () => {
    const infra = [
      "upstream-peft/lora",
      "upstream-peft/qlora",
      "upstream-all/lora",
      "upstream-all/qlora",
    ].map((id) => {
      const [variant, job] = id.split("/") as [string, string];
      return cell({ variant, job, status: "infra-error", attempts: 0 });
    });
    const text = formatTriage({ ...summaryOf([]), infra });
    expect(text.split("\n").at(-1)).toBe(
      "  not run (infra-error): upstream-peft (lora, qlora), upstream-all (lora, qlora)",
    );
  });
});

describe("formatTriage blockers", () => {
  it("says why the release is blocked", () => {
    const blocker = cell({
      variant: "pinned",
      failure: failure(
        "Traceback (most recent call last):\n  File \"t.py\"\nImportError: cannot import name 'LoraConfig'",
      ),
    });
    const text = formatTriage({ ...summaryOf([]), blocked: true, blockers: [blocker] });
    expect(text.split("\n")).toEqual([
      "RELEASE BLOCKED: the pinned requirements fail",
      "  blocker pinned / lora: fail: ImportError: cannot import name 'LoraConfig'",
    ]);
  });
});

describe("formatResults", () => {
  it("shows a failing cell's cause, then its log, and a passing cell alone", () => {
    const text = formatResults("reports/r1", [
      cell({ variant: "pinned", status: "pass" }),
      cell({ failure: failure("Traceback (most recent call last):\n  File \"t.py\"\nKeyError: 'lora_A'") }),
    ]);
    expect(text.split("\n")).toEqual([
      "results in reports/r1",
      "  pinned / lora: pass (2.0s)",
      "  latest-all / lora: fail (2.0s): KeyError: 'lora_A'",
      "      log: reports/r1/logs/latest-all--lora.log",
    ]);
  });

  it("keeps the host and reason of an unreachable upstream in a long line", () => {
    const unreachable = (pkg: string, repo: string) =>
      `${pkg}: cannot reach upstream ${repo} (git ls-remote: fatal: unable to access '${repo}/': Could not resolve host: github.com)`;
    const excerpt = `not resolved: ${unreachable("huggingface-hub", "https://github.com/huggingface/huggingface_hub.git")}; ${unreachable("transformers", "https://github.com/huggingface/transformers.git")}`;
    const text = formatResults("reports/r1", [
      cell({ variant: "upstream-all", status: "infra-error", attempts: 0, failure: failure(excerpt) }),
    ]);
    const line = text.split("\n")[1] ?? "";
    expect(line.length).toBeLessThanOrEqual(200);
    // Cut in the middle: the start of the cause and the last package's host and reason stay.
    expect(line).toContain("infra-error (2.0s): not resolved: …");
    expect(line).toMatch(
      /transformers: cannot reach upstream https:\/\/github\.com\/… \(git ls-remote: Could not resolve host: github\.com\)$/,
    );
    expect(text).not.toContain("log:");
  });

  it.each([
    [
      "an install that failed",
      cell({ status: "install-error", attempts: 0, failure: failure("x") }),
      "reports/r/logs/latest-all--install.log",
    ],
    [
      "the last of three attempts",
      cell({ attempts: 3, failure: failure("x") }),
      "reports/r/logs/latest-all--lora.retry-2.log",
    ],
    [
      "a flaky cell's failed attempt",
      cell({ status: "flaky", attempts: 2, failure: failure("x") }),
      "reports/r/logs/latest-all--lora.log",
    ],
  ])("points at the log of %s", (_what, r, path) => {
    expect(logPathOf("reports/r", r)).toBe(path);
  });
});
