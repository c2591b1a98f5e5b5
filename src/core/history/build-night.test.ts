import { describe, expect, it } from "vitest";
import type { ResultRecord } from "../results/result-record.js";
import { manifestOf, manifestVariant } from "../variants/manifest-fixtures.js";
import { buildNight } from "./build-night.js";

const SHA = "c".repeat(40);
const manifest = manifestOf(
  "20260302-020000-bbbb",
  [
    manifestVariant("pinned", "pinned", "peft", { source: "pinned", requirement: "peft==0.13.0" }),
    manifestVariant("upstream-peft", "upstream", "peft", {
      source: "upstream",
      repo: "https://github.com/o/peft.git",
      branch: "main",
      sha: SHA,
      url: `git+x@${SHA}`,
    }),
  ],
  "2026-03-02T02:00:00.000Z",
);

function result(
  variant: string,
  status: ResultRecord["status"],
  extra: Partial<ResultRecord> = {},
): ResultRecord {
  return {
    variant,
    job: "lora",
    status,
    installed: { peft: variant === "pinned" ? "0.13.0" : "0.14.0.dev0", torch: "2.5.1" },
    seconds: 12.34,
    attempts: 1,
    metrics: {
      steps: [
        { step: 0, loss: 3 },
        { step: 1, loss: 2.5 },
        { step: 2, loss: null },
      ],
      summary: { peak_memory_mb: 812, tokens_per_s: 950 },
    },
    failure:
      status === "pass"
        ? null
        : { kind: "exception", signature: "TypeError: x", excerpt: "E".repeat(4000), blame: "peft" },
    ...extra,
  };
}

const regression = {
  variant: "upstream-peft",
  job: "lora",
  signature: "TypeError: x",
  culprits: ["peft"],
  evidence: "single-package-variant",
  fingerprint: "f00dfeedf00dfeed",
  bisect: { package: "peft", status: "found", first_bad: SHA, title: "Refactor (#42)" },
};

describe("buildNight", () => {
  const night = buildNight({
    run: "20260302-020000-bbbb",
    manifest,
    summary: { blocked: false, blockers: [], regressions: [regression] },
    results: [
      result("pinned", "pass"),
      result("upstream-peft", "fail"),
      result("latest-all", "pass", { probe_of: "upstream-all" }),
    ],
    bisects: [
      {
        package: "peft",
        job: "lora",
        kind: "commits",
        status: "found",
        first_bad: { ref: SHA, title: "Refactor (#42)", pr: 42, url: "https://github.com/o/peft/pull/42" },
      },
    ],
    filings: [
      {
        repo: "o/wrapper",
        action: "create",
        fingerprint: "f00dfeedf00dfeed",
        number: 7,
        url: "https://github.com/o/wrapper/issues/7",
        result: "done",
      },
      { repo: "o/wrapper", action: "dashboard", fingerprint: null, number: 1, url: null, result: "done" },
    ],
    now: new Date("2030-01-01T00:00:00Z"),
  });
  const broken = night.cells.find((c) => c.variant === "upstream-peft");

  it("keeps the night's date from the manifest and leaves interaction probes out", () => {
    expect(night.date).toBe("2026-03-02T02:00:00.000Z");
    expect(night.cells.map((c) => c.variant)).toEqual(["pinned", "upstream-peft"]);
  });
  it("records upstream SHAs from the manifest and installed versions of pinned packages", () => {
    expect(broken?.versions).toEqual({ peft: SHA });
    expect(night.cells[0]?.versions).toEqual({ peft: "0.13.0" });
  });
  it("carries the breakage: fingerprint, culprit with PR, issue, metrics, a clipped excerpt", () => {
    expect(broken).toMatchObject({
      fingerprint: "f00dfeedf00dfeed",
      culprits: ["peft"],
      bisect: {
        package: "peft",
        ref: SHA,
        pr: 42,
        kind: "commits",
        url: "https://github.com/o/peft/pull/42",
      },
      issue: { number: 7, state: "open", url: "https://github.com/o/wrapper/issues/7" },
      metrics: { final_loss: 2.5, seconds: 12.34, peak_memory_mb: 812, tokens_per_s: 950 },
      log: "20260302-020000-bbbb/logs/upstream-peft--lora.log",
    });
    expect(broken?.excerpt?.length).toBeLessThan(1600);
    expect(night.cells[0]?.fingerprint).toBeNull();
  });
  it("takes the culprit from a bisect record when the night has no summary's bisect (a split night)", () => {
    const { bisect: _, ...bare } = regression;
    const n = buildNight({
      run: "r",
      manifest,
      summary: { blocked: false, blockers: [], regressions: [bare] },
      results: [result("upstream-peft", "fail")],
      bisects: [
        {
          package: "peft",
          job: "lora",
          kind: "commits",
          status: "found",
          first_bad: { ref: SHA, title: "Refactor (#42)", pr: 42, url: null },
        },
      ],
      filings: [],
      now: new Date(),
    });
    expect(n.cells[0]?.bisect).toMatchObject({
      package: "peft",
      status: "found",
      ref: SHA,
      title: "Refactor (#42)",
      pr: 42,
    });
  });

  it("keeps a bisect's reason from the summary, or from the record of a split night", () => {
    const why = "0.12.0 fails too: the breakage is older than the range";
    const { bisect: _, ...bare } = regression;
    const night = (summaryBisect: object | undefined, recordReason: string | null) =>
      buildNight({
        run: "r",
        manifest,
        summary: {
          blocked: false,
          blockers: [],
          regressions: [
            summaryBisect ? { ...bare, bisect: summaryBisect as typeof regression.bisect } : bare,
          ],
        },
        results: [result("upstream-peft", "fail")],
        bisects: [
          {
            package: "peft",
            job: "lora",
            kind: "commits",
            status: "not-reproduced",
            reason: recordReason,
            first_bad: null,
          },
        ],
        filings: [],
        now: new Date(),
      }).cells[0]?.bisect;
    const fromSummary = {
      package: "peft",
      status: "not-reproduced",
      reason: why,
      first_bad: null,
      title: null,
    };
    expect(night(fromSummary, null)).toMatchObject({ status: "not-reproduced", reason: why });
    expect(night(undefined, why)).toMatchObject({ status: "not-reproduced", reason: why, ref: null });
  });

  it("gives a blocker without a fingerprint one, from its job and signature", () => {
    const n = buildNight({
      run: "r",
      manifest: null,
      summary: {
        blocked: true,
        blockers: [{ variant: "pinned", job: "lora", failure: { signature: "TypeError: x" } }],
        regressions: [],
      },
      results: [result("pinned", "fail")],
      bisects: [],
      filings: [],
      now: new Date("2030-01-01T00:00:00Z"),
    });
    expect(n.cells[0]?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(n.date).toBe("2030-01-01T00:00:00.000Z");
  });
});

describe("the issue a breakage has", () => {
  const FP = "f00dfeedf00dfeed";
  const step = (repo: string, action: string, number: number | null, result = "done") => ({
    repo,
    action,
    fingerprint: FP,
    number,
    url: number === null ? null : `https://github.com/${repo}/issues/${number}`,
    result,
  });
  it.each([
    [
      "the own repository's before the upstream one",
      [step("o/peft", "upstream-create", 9), step("o/w", "create", 7)],
      { repo: "o/w", number: 7, state: "open" },
    ],
    [
      "closed when the last step closed it",
      [step("o/w", "create", 7), step("o/w", "close", 7)],
      { number: 7, state: "closed" },
    ],
    ["planned in a dry run", [step("o/w", "create", null, "planned")], { number: null, state: "planned" }],
    ["none when the create failed", [step("o/w", "create", null, "failed")], null],
    ["none when upstream filing was skipped", [step("o/peft", "upstream-create", null, "skipped")], null],
  ])("%s", (_, filings, expected) => {
    const night = buildNight({
      run: "r",
      manifest: null,
      summary: { blocked: false, blockers: [], regressions: [{ ...regression, fingerprint: FP }] },
      results: [result("upstream-peft", "fail")],
      bisects: [],
      filings,
      now: new Date(),
    });
    expect(night.cells[0]?.issue ?? null).toEqual(
      expected === null ? null : expect.objectContaining(expected),
    );
  });
});
