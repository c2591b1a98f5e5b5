import { describe, expect, it } from "vitest";
import type { KnownBisect } from "../history/known-bisects.js";
import { attachBisects, type BisectRecordInput } from "./attach-bisects.js";

const found: BisectRecordInput = {
  status: "found",
  package: "peft",
  job: "lora",
  first_bad: { ref: "0.3", title: "Release 0.3" },
};
const WHY = "0.2 fails too: the breakage is older than the range; bisect from an older good ref";
const regression = (variant: string, culprit: string | null, job = "lora") => ({
  variant,
  job,
  culprit,
  culprits: culprit ? [culprit] : [],
  fingerprint: `fp-${variant}`,
});

describe("attachBisects", () => {
  it("attaches the (culprit, job) record to every regression it explains, listing it once", () => {
    const out = attachBisects([regression("latest-peft", "peft"), regression("latest-all", "peft")], [found]);
    expect(out.regressions.map((r) => r.bisect)).toEqual([
      {
        package: "peft",
        job: "lora",
        variant: "latest-peft",
        status: "found",
        reason: null,
        first_bad: "0.3",
        title: "Release 0.3",
        pr: null,
        url: null,
      },
      {
        package: "peft",
        job: "lora",
        variant: "latest-all",
        status: "found",
        reason: null,
        first_bad: "0.3",
        title: "Release 0.3",
        pr: null,
        url: null,
      },
    ]);
    expect(out.bisects).toHaveLength(1);
    expect(out.regressions[0]?.fingerprint).toBe("fp-latest-peft");
  });

  it.each([
    ["another package", regression("latest-acc", "accelerate")],
    ["another job", regression("latest-peft", "peft", "qlora")],
    ["no culprit", regression("latest-all", null)],
  ])("leaves a regression of %s alone", (_, r) => {
    const out = attachBisects([r], [found]);
    expect(out.regressions[0]).toEqual(r);
    expect(out.bisects).toEqual([]);
  });

  it("says a bisect that found nothing with a null first bad", () => {
    const out = attachBisects(
      [regression("latest-peft", "peft")],
      [{ ...found, status: "not-reproduced", reason: WHY, first_bad: null }],
    );
    expect(out.regressions[0]?.bisect).toMatchObject({
      status: "not-reproduced",
      // The bisect's own words travel with it: "not-reproduced" alone sends a maintainer digging.
      reason: WHY,
      first_bad: null,
      title: null,
    });
  });

  it("marks a regression whose pinned release, built from source, fails alike as a build cause", () => {
    const sig = "signal SIGILL @ __init__.py:<module>";
    const record: BisectRecordInput = {
      status: "not-reproduced",
      package: "peft",
      job: "lora",
      kind: "commits",
      good: "aaa",
      bad: "fff",
      log: [
        { ref: "fff", verdict: "bad", signature: sig },
        { ref: "aaa", verdict: "bad", signature: sig },
      ],
    };
    const r = { ...regression("upstream-peft", "peft"), evidence: "only-package-moved" };
    const out = attachBisects([r], [record]);
    expect(out.regressions[0]).toMatchObject({ evidence: "build", bisect: { cause: "build" } });
    // A good end that passes leaves the evidence as it was.
    const withFound = attachBisects([r], [{ ...found, kind: "commits" }]);
    expect(withFound.regressions[0]?.evidence).toBe("only-package-moved");
  });

  it("gives a regression without a record tonight the earlier night's answer, marked carried", () => {
    const known: KnownBisect = {
      run: "20260301-020000-aaaa",
      package: "peft",
      status: "found",
      kind: "releases",
      ref: "0.3",
      title: "Release 0.3",
      pr: 7,
      url: "https://example.test/pull/7",
      with: [],
      endpoints: { good: "0.2", bad: "0.4" },
    };
    const out = attachBisects([regression("latest-peft", "peft")], [], (r) =>
      r.fingerprint === "fp-latest-peft" ? known : null,
    );
    expect(out.regressions[0]?.bisect).toEqual({
      package: "peft",
      job: "lora",
      variant: "latest-peft",
      status: "found",
      first_bad: "0.3",
      title: "Release 0.3",
      pr: 7,
      url: "https://example.test/pull/7",
      carried_from: "20260301-020000-aaaa",
    });
    // Tonight's own record wins over an earlier night's answer.
    const own = attachBisects([regression("latest-peft", "peft")], [found], () => known);
    expect(own.regressions[0]?.bisect?.carried_from).toBeUndefined();
  });
});
