import { describe, expect, it } from "vitest";
import type { PrReport, PrReportCell } from "./pr-report.js";
import { prCommentMarker, renderPrComment, renderPrReport } from "./render-pr-report.js";

const numbers = { finalLoss: 0.1, secondsPerStep: 0.05, peakMemoryMb: null };
const cell = (
  job: string,
  verdict: PrReportCell["verdict"],
  extra: Partial<PrReportCell> = {},
): PrReportCell => ({
  job,
  verdict,
  base: { status: "pass", signature: null, numbers },
  head: {
    status: verdict === "regressed" ? "fail" : "pass",
    signature: verdict === "regressed" ? "TypeError: @octocat #12 | x" : null,
    numbers,
  },
  rerun: null,
  drifts: [],
  remeasured: null,
  reversed: null,
  reason: null,
  command: "python -m minitune train",
  fixes: null,
  ...extra,
});

const report: PrReport = {
  matrix: "mini",
  run: "/tmp/r/20260101-000000-abcd",
  package: "fakeformers",
  repo: "https://github.com/acme/fakeformers.git",
  pr: 201,
  head: { ref: "refs/pull/201/head", sha: "b".repeat(40) },
  base: { branch: "main", sha: "a".repeat(40) },
  cells: [
    cell("smoke", "regressed"),
    cell("lora", "slower", {
      drifts: [{ what: "slower", base: 0.05, head: 0.065, change: 0.3, limit: 0.1 }],
    }),
    cell("qlora", "fixed", {
      base: { status: "fail", signature: "TypeError", numbers },
      fixes: { fingerprint: "f".repeat(16), number: 7, url: "https://github.com/acme/trainer/issues/7" },
    }),
    cell("full", "passes-both"),
    cell("eval", "passes-both"),
  ],
  counts: { regressed: 1, slower: 1, fixed: 1, "passes-both": 2 },
  requirements: {
    base: `fakeformers @ git+x@${"a".repeat(40)}\n`,
    head: `fakeformers @ git+x@${"b".repeat(40)}\n`,
  },
  comment: null,
  seconds: { total: 10, resolve: 1, jobs: 4, environments: 5 },
  notes: [],
};

describe("the pull request's comment", () => {
  const body = renderPrComment(report, "acme/trainer");

  it("starts with the marker that finds it again", () => {
    expect(body.startsWith(`${prCommentMarker("acme/trainer")}\n`)).toBe(true);
  });

  it("lists the changed cells only, and counts the unchanged ones", () => {
    expect(body).toContain("| `smoke` | **regressed** |");
    expect(body).toContain("**slower**");
    expect(body).not.toContain("`full`");
    expect(body).toContain("2 cells passed on both sides within the thresholds (not listed).");
  });

  it("shows both numbers of a drift, and links a fixed issue by its full URL, never #N", () => {
    expect(body).toContain("0.05 s/step -> 0.065 s/step (+30 %, limit 10 %)");
    expect(body).toContain("fixes https://github.com/acme/trainer/issues/7");
    expect(body).not.toMatch(/\[#7\]/);
  });

  it("keeps text from the job inside code spans (no mention, no issue link, no broken table)", () => {
    expect(body).toContain("`TypeError: @octocat #12 \\| x`");
  });

  it("carries both exact requirement sets", () => {
    expect(body).toContain(`git+x@${"a".repeat(40)}`);
    expect(body).toContain(`git+x@${"b".repeat(40)}`);
  });
});

describe("the report in the run folder", () => {
  it("lists every cell", () => {
    const text = renderPrReport(report);
    for (const job of ["smoke", "lora", "qlora", "full", "eval"]) expect(text).toContain(`| \`${job}\` |`);
  });
});

describe("a re-measured cell", () => {
  const slower = { what: "slower" as const, base: 0.05, head: 0.0875, change: 0.75, limit: 0.1 };
  const side = { status: "pass", numbers };

  it("shows the noise it ruled out: the first order's drift and the same number head then base", () => {
    const noise = cell("smoke", "passes-both", {
      remeasured: "noise",
      reversed: {
        base: side,
        head: side,
        drifts: [{ ...slower, head: 0.05, change: 0 }],
        dismissed: [slower],
      },
    });
    const text = renderPrReport({ ...report, cells: [noise] });
    expect(text).toContain(
      "re-measured: noise (base then head: 0.05 s/step -> 0.0875 s/step (+75 %, limit 10 %); head then base: 0.05 s/step -> 0.05 s/step (+0 %, limit 10 %))",
    );
    expect(renderPrComment({ ...report, cells: [noise] }, "acme/trainer")).toContain("`re-measured: noise`");
  });

  it("shows a drift that holds with both orders' numbers", () => {
    const held = { ...slower, head: 0.065, change: 0.3 };
    const holds = cell("lora", "slower", {
      drifts: [held],
      remeasured: "holds",
      reversed: { base: side, head: side, drifts: [{ ...held, head: 0.066, change: 0.32 }], dismissed: [] },
    });
    expect(renderPrComment({ ...report, cells: [holds] }, "acme/trainer")).toContain(
      "0.05 s/step -> 0.065 s/step (+30 %, limit 10 %); re-measured: holds (head then base: 0.05 s/step -> 0.066 s/step (+32 %, limit 10 %))",
    );
  });
});
