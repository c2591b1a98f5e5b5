import { describe, expect, it } from "vitest";
import type { PrReport } from "../pr/pr-report.js";
import { historyNightSchema } from "./history-record.js";
import { mergePrRecords, prRecordOf, prRecordSchema } from "./pr-record.js";

const numbers = { finalLoss: 1.2, secondsPerStep: 0.5, peakMemoryMb: 800 };
const report = (pr: number | null, repo = "https://github.com/huggingface/peft.git"): PrReport => ({
  matrix: "tinytune-cpu",
  run: "/tmp/reports/20261202-180000-abcd",
  package: "peft",
  repo,
  pr,
  head: { ref: pr !== null ? `refs/pull/${pr}/head` : "my-branch", sha: "b".repeat(40) },
  base: { branch: "main", sha: "a".repeat(40) },
  cells: [
    {
      job: "lora-smoke",
      verdict: "slower",
      base: { status: "pass", signature: null, numbers },
      head: { status: "pass", signature: null, numbers: { ...numbers, secondsPerStep: 0.7 } },
      rerun: null,
      drifts: [{ what: "slower", base: 0.5, head: 0.7, change: 0.4, limit: 0.1 }],
      remeasured: "holds",
      reversed: null,
      reason: null,
      command: "python -m tinytune train configs/lora-smoke.yml",
      fixes: { fingerprint: "f".repeat(16), number: 7, url: "https://github.com/o/w/issues/7" },
    },
  ],
  counts: { slower: 1 },
  requirements: { base: "peft @ git+x@a\n", head: "peft @ git+x@b\n" },
  comment: null,
  seconds: { total: 10, resolve: 1, jobs: 8, environments: 1 },
  notes: [],
});

describe("a pull request's history record", () => {
  const record = prRecordOf(report(12), "20261202-180000-abcd", "2026-12-02T18:10:00.000Z");

  it("carries the project, the package, the pull request, both ends and each cell's verdict", () => {
    expect(record).toMatchObject({
      kind: "pr",
      matrix: "tinytune-cpu",
      package: "peft",
      pr: 12,
      url: "https://github.com/huggingface/peft/pull/12",
      head: { sha: "b".repeat(40) },
      base: { branch: "main", sha: "a".repeat(40) },
    });
    expect(record.cells).toEqual([
      {
        job: "lora-smoke",
        verdict: "slower",
        base: { status: "pass", signature: null, numbers },
        head: { status: "pass", signature: null, numbers: { ...numbers, secondsPerStep: 0.7 } },
        drifts: [{ what: "slower", base: 0.5, head: 0.7, change: 0.4 }],
        remeasured: "holds",
        fixes: { number: 7, url: "https://github.com/o/w/issues/7" },
      },
    ]);
    expect(prRecordSchema.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it.each([
    ["a --ref alone", report(null), null],
    ["an upstream off GitHub", report(3, "file:///srv/peft"), null],
  ])("has no link for %s", (_, r, url) => {
    expect(prRecordOf(r, "x", "2026-12-02T00:00:00.000Z").url).toBe(url);
  });

  it("is never read as a night, nor a night as a record", () => {
    expect(historyNightSchema.safeParse(record).success).toBe(false);
    const night = { version: 1, run: "r", date: "d", matrix: "m", blocked: false, cells: [] };
    expect(prRecordSchema.safeParse(night).success).toBe(false);
  });

  it("still reads a newer harness's record (a verdict and fields it does not know)", () => {
    const newer = { ...record, extra: 1, cells: [{ ...record.cells[0], verdict: "warmer", more: true }] };
    expect(prRecordSchema.parse(newer).cells[0]?.verdict).toBe("warmer");
  });

  it("merges copies once per (project, run), oldest first", () => {
    const older = { ...record, run: "20261201-000000-0000", date: "2026-12-01T00:00:00.000Z" };
    const other = { ...record, matrix: "other" };
    const merged = mergePrRecords([record, older], [record, other]);
    expect(merged.map((r) => `${r.matrix} ${r.run}`)).toEqual([
      "tinytune-cpu 20261201-000000-0000",
      "other 20261202-180000-abcd",
      "tinytune-cpu 20261202-180000-abcd",
    ]);
  });
});
