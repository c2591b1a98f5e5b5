/**
 * `matrix pr` records beside the nights, through the real CLI and the history store: a reports
 * folder with five nights (one breakage), tonight's run, a newer `matrix pr` run folder and its
 * record in `history/pr/`. The nightly readers do not meet the record: `report` and `gate`
 * without `--run` take the night, not the pull request's run; the nights, the index and the
 * dashboard's data (grid, breakage lifecycles, trends) are the same as without the record; a
 * history written before pull request records existed still reads. The record survives the report.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeJsonAtomic } from "../../src/adapters/fs.js";
import { prRecord } from "../../src/core/dashboard/upstream-fixtures.js";
import { historyIndexSchema } from "../../src/core/history/history-record.js";
import { manifestOf, manifestVariant } from "../../src/core/variants/manifest-fixtures.js";
import { readHistory } from "../../src/engine/report/history-store.js";
import { readPrRecords } from "../../src/engine/report/pr-history-store.js";
import { runCli } from "../support/run-cli.js";
import { makeSyntheticHistory } from "../support/synthetic-history.js";

let root: string;
const NIGHT = "20270101-020000-cafe";
const PR_RUN = "20270102-020000-beef";
const RECORD = { ...prRecord("synthetic", 2, 77, "f".repeat(40), ["lora-smoke:regressed"]), run: PR_RUN };
const MATRIX = `name: synthetic
project:
  requirements: requirements.txt
packages:
  peft: {}
variants: [pinned, latest-all]
jobs:
  lora-smoke: { run: python train.py }
`;

const result = (variant: string, status: string) => ({
  variant,
  job: "lora-smoke",
  status,
  installed: {},
  seconds: 3,
  attempts: 1,
  metrics: { steps: [{ step: 0, loss: 2 }], summary: {} },
  failure:
    status === "fail" ? { kind: "exception", signature: "TypeError: x", excerpt: "", blame: null } : null,
});

/** A reports folder in `dir`: the nights, tonight's run, and (with `pr`) the newer pull request's run and record. */
async function makeReports(dir: string, pr: boolean) {
  for (const night of makeSyntheticHistory(5, 4))
    await writeJsonAtomic(join(dir, "reports", "history", `${night.run}.json`), night);
  await writeJsonAtomic(
    join(dir, "reports", NIGHT, "manifest.json"),
    manifestOf(NIGHT, undefined, "2027-01-01T02:00:00.000Z"),
  );
  await writeJsonAtomic(
    join(dir, "reports", NIGHT, "results", "pinned--lora-smoke.json"),
    result("pinned", "pass"),
  );
  await writeFile(join(dir, "matrix.yml"), MATRIX);
  if (!pr) return;
  const run = join(dir, "reports", PR_RUN);
  const sides = ["pr-base", "pr-head"].map((v) => manifestVariant(v, "upstream"));
  await writeJsonAtomic(join(run, "manifest.json"), manifestOf(PR_RUN, sides, "2027-01-02T02:00:00.000Z"));
  await writeJsonAtomic(join(run, "results", "pr-base--lora-smoke.json"), result("pr-base", "pass"));
  await writeJsonAtomic(join(run, "results", "pr-head--lora-smoke.json"), result("pr-head", "fail"));
  await writeJsonAtomic(join(dir, "reports", "history", "pr", `${PR_RUN}.json`), RECORD);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-pr-history-"));
  await makeReports(join(root, "with"), true);
  await makeReports(join(root, "without"), false);
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const cli = (side: string, args: string[]) =>
  runCli([...args, "-m", "matrix.yml", "--reports", "reports"], join(root, side));

/** The dashboard's data, less the time it was drawn. */
async function dashboardData(side: string) {
  const page = await readFile(join(root, side, "reports", "site", "index.html"), "utf8");
  const json = /<script type="application\/json" id="matrix-data">(.*?)<\/script>/s.exec(page)?.[1] ?? "null";
  const { generated: _, ...data } = JSON.parse(json);
  return data;
}

describe("pull request records beside the nights", () => {
  it("reads the nights alone as nights, the record apart, and an older history with no records", async () => {
    const withPr = await readHistory(join(root, "with", "reports", "history"));
    const without = await readHistory(join(root, "without", "reports", "history"));
    expect(withPr.nights).toEqual(without.nights);
    expect(withPr.nights.map((n) => n.run)).not.toContain(PR_RUN);
    expect(withPr.prs).toEqual([RECORD]);
    expect(without.prs).toEqual([]);
    expect([...withPr.unreadable, ...without.unreadable]).toEqual([]);
  });

  it("gate and report without --run take tonight's night, passing over the newer matrix pr run", async () => {
    for (const verb of ["gate", "report"]) {
      const out = await cli("with", [verb]);
      expect(out.exitCode, out.stderr).toBe(0);
      expect(out.stderr).toContain(
        `matrix: using run ${NIGHT}, the newest with results; passed over ${PR_RUN} (matrix pr runs, no nights)`,
      );
    }
    const without = await cli("without", ["report"]);
    expect(without.exitCode, without.stderr).toBe(0);
  });

  it("leaves the nights, the index and the dashboard's data as they are without the record", async () => {
    const out = await cli("with", ["report", "--json"]);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ run: NIGHT, nights: 6, prs: 1 });
    const index = (side: string) =>
      readFile(join(root, side, "reports", "history", "index.json"), "utf8").then((t) =>
        historyIndexSchema.parse(JSON.parse(t)),
      );
    expect((await index("with")).runs.map((r) => r.run)).not.toContain(PR_RUN);
    expect(await index("with")).toEqual(await index("without"));
    const data = await dashboardData("with");
    expect(data).toEqual(await dashboardData("without"));
    expect(JSON.stringify(data)).not.toContain("pr-head");
    // The one project's page draws no upstream view; the record stays, byte for byte.
    expect(await readPrRecords(join(root, "with", "reports", "history"))).toEqual({
      records: [RECORD],
      unreadable: [],
    });
  });

  it("names a record that does not parse and goes on", async () => {
    await writeFile(join(root, "with", "reports", "history", "pr", "torn.json"), '{"version": 1, "kind": "p');
    const out = await cli("with", ["report"]);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/left out: .*history\/pr\/torn\.json/);
    expect(out.stdout).toMatch(/\(6 nights, 1 pull request run, 0 written\)/);
  });
});
