import { describe, expect, it } from "vitest";
import { fingerprintOf } from "../issues/fingerprint.js";
import type { ExpectedEntry } from "../matrix/model.js";
import { blockerFingerprintOf, isExpired, markExpected } from "./mark-expected.js";
import type { Regression, TriageInput } from "./triage-run.js";

const SIG = "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'";
const regression = (variant: string, culprits: string[], job = "lora"): Regression => ({
  variant,
  job,
  status: "fail",
  signature: SIG,
  culprits,
  culprit: culprits[0] ?? null,
  evidence: "only-package-moved",
  needs_interaction_search: false,
  cleared: [],
  fingerprint: fingerprintOf({ packages: culprits, job, signature: SIG }),
});
const result = (variant: string, job: string, status: TriageInput["status"]): TriageInput => ({
  variant,
  job,
  status,
  failure: status === "pass" ? null : { signature: SIG, blame: "bitsandbytes" },
});
const entry = (over: Partial<ExpectedEntry>): ExpectedEntry => ({
  index: 0,
  package: "transformers",
  fingerprint: null,
  job: "lora",
  reason: "tokenizer renamed; fix in #12",
  link: "https://github.com/o/r/issues/12",
  until: "2026-03-31",
  pos: { file: "m.yml", line: 20, col: 5 },
  ...over,
});

const NOW = new Date("2026-03-15T02:00:00Z");
const transformers = regression("latest-transformers", ["transformers"]);
const peft = regression("upstream-peft", ["peft"]);
const interaction = regression("latest-all", ["transformers", "peft"]);
const results = [result("pinned", "lora", "pass"), result("pinned", "qlora", "pass")];

describe("isExpired", () => {
  it.each([
    ["2026-03-15T00:00:00Z", false],
    ["2026-03-31T23:59:59Z", false],
    ["2026-04-01T00:00:00Z", true],
  ])("an entry until 2026-03-31 at %s -> %s", (now, expired) => {
    expect(isExpired({ until: "2026-03-31" }, new Date(now))).toBe(expired);
  });
});

describe("markExpected", () => {
  it.each<
    [string, Partial<ExpectedEntry>, Regression[], boolean[], "matched" | "expired" | "stale" | "none"]
  >([
    ["a package among the culprits, same job", {}, [transformers, peft], [true, false], "matched"],
    ["every member of an interaction", { package: "peft" }, [interaction], [true], "matched"],
    [
      "the fingerprint",
      { package: null, fingerprint: peft.fingerprint },
      [transformers, peft],
      [false, true],
      "matched",
    ],
    ["not another job", { job: "qlora" }, [transformers], [false], "stale"],
    ["not after its day", { until: "2026-03-14" }, [transformers], [false], "expired"],
    ["nothing when the breakage is gone: stale", {}, [peft], [false], "stale"],
    ["no verdict when its job did not run", { job: "dpo" }, [peft], [false], "none"],
    [
      "a job with knobs: each of its cells",
      { job: "knobs" },
      [regression("latest-transformers", ["transformers"], "knobs--gc-fl1"), transformers],
      [true, false],
      "matched",
    ],
    ["not a job whose name only begins alike", { job: "lo" }, [transformers], [false], "none"],
  ])("matches by %s", (_label, over, regressions, marked, verdict) => {
    const night = markExpected({ regressions, blockers: [], results }, [entry(over)], NOW);
    expect(night.regressions.map((r) => r.expected !== undefined)).toEqual(marked);
    const lists = night.expected;
    const where = (["matched", "expired", "stale"] as const).filter((k) => lists[k].length > 0);
    expect(where).toEqual(verdict === "none" ? [] : [verdict]);
  });

  it("marks with the entry's words and reports what it matched, with its line", () => {
    const night = markExpected({ regressions: [transformers], blockers: [], results }, [entry({})], NOW);
    expect(night.regressions[0]?.expected).toEqual({
      entry: 0,
      reason: "tokenizer renamed; fix in #12",
      link: "https://github.com/o/r/issues/12",
      until: "2026-03-31",
    });
    expect(night.expected.matched).toEqual([
      expect.objectContaining({
        entry: 0,
        package: "transformers",
        line: 20,
        breakages: [transformers.fingerprint],
      }),
    ]);
  });

  it("reports an expired entry with the breakage it no longer covers", () => {
    const night = markExpected(
      { regressions: [transformers], blockers: [], results },
      [entry({ until: "2026-01-31" })],
      NOW,
    );
    expect(night.expected.expired[0]?.breakages).toEqual([transformers.fingerprint]);
  });

  it("gives blockers a fingerprint and marks one its blame is expected for", () => {
    const blocker = result("pinned", "qlora", "fail");
    const night = markExpected(
      { regressions: [], blockers: [blocker], results },
      [entry({ package: "bitsandbytes", job: "qlora" })],
      NOW,
    );
    expect(night.blockers[0]).toMatchObject({
      fingerprint: blockerFingerprintOf(blocker),
      expected: { reason: "tokenizer renamed; fix in #12" },
    });
  });

  it("drops the marks of an earlier call, so it can run again after an interaction search", () => {
    const first = markExpected({ regressions: [transformers], blockers: [], results }, [entry({})], NOW);
    const again = markExpected(
      { regressions: first.regressions as Regression[], blockers: [], results },
      [],
      NOW,
    );
    expect(again.regressions[0]).toEqual(transformers);
  });
});
