/**
 * `matrix report` through the real CLI on run folders and histories written as a night and
 * another machine write them: retention from the matrix file, `--out`, `--merge`, a torn or
 * foreign file in the history, and the input errors (no run, a bad `history.keep`).
 */

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeJsonAtomic } from "../../src/adapters/fs.js";
import { historyIndexSchema } from "../../src/core/history/history-record.js";
import { manifestOf } from "../../src/core/variants/manifest-fixtures.js";
import { runCli } from "../support/run-cli.js";
import { makeSyntheticHistory } from "../support/synthetic-history.js";

let root: string;
const RUN = "20270101-020000-cafe";
const TOKEN = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
const matrixWith = (extra: string) => `name: t
project:
  requirements: requirements.txt
packages:
  peft: {}
variants: [pinned, latest-all]
jobs:
  lora-smoke: { run: python train.py }
${extra}`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-report-"));
  for (const night of makeSyntheticHistory(5, 4))
    await writeJsonAtomic(join(root, "reports", "history", `${night.run}.json`), night);
  for (const night of makeSyntheticHistory(8, 4).slice(5))
    await writeJsonAtomic(join(root, "elsewhere", `${night.run}.json`), night);
  // A night split over runners: results only, no summary, no manifest of the pinned variant's moves needed.
  await writeJsonAtomic(
    join(root, "reports", RUN, "manifest.json"),
    manifestOf(RUN, undefined, "2027-01-01T02:00:00.000Z"),
  );
  await writeJsonAtomic(join(root, "reports", RUN, "results", "pinned--lora-smoke.json"), {
    variant: "pinned",
    job: "lora-smoke",
    status: "pass",
    installed: {},
    seconds: 3,
    attempts: 1,
    metrics: { steps: [{ step: 0, loss: 2 }], summary: {} },
    failure: null,
  });
  // A failing cell whose excerpt holds a token: nothing that leaves the machine may show it.
  await writeJsonAtomic(join(root, "reports", RUN, "results", "pinned--dpo-smoke.json"), {
    variant: "pinned",
    job: "dpo-smoke",
    status: "fail",
    installed: {},
    seconds: 3,
    attempts: 1,
    metrics: { steps: [], summary: {} },
    failure: {
      kind: "exception",
      signature: "RuntimeError: auth",
      excerpt: `RuntimeError: auth failed for ${TOKEN}`,
      blame: null,
    },
  });
  await writeFile(
    join(root, "reports", "history", "20240101-000000-dead.json"),
    '{"version": 1, "run": "torn',
  );
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const report = (args: string[]) => runCli(["report", "--reports", "reports", ...args], root);

describe("matrix report", () => {
  it("says there is no run yet, exit 2", async () => {
    const empty = await mkdtemp(join(tmpdir(), "matrix-report-empty-"));
    const out = await runCli(["report", "--reports", "reports"], empty);
    await rm(empty, { recursive: true, force: true });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(
      /^matrix: reports:1:1: no run with results here; run `matrix nightly` first or pass --run DIR$/m,
    );
  });

  it("refuses a bad history.keep with its line, exit 2", async () => {
    await writeFile(join(root, "bad.yml"), matrixWith("history: { keep: -3 }\n"));
    const out = await report(["-m", "bad.yml"]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/^matrix: bad\.yml:9:18: history\.keep: history\.keep is at least 1 night/m);
  });

  it("merges another machine's nights, adds the run, keeps the newest history.keep nights", async () => {
    await writeFile(join(root, "matrix.yml"), matrixWith("history: { keep: 6 }\n"));
    const out = await report(["-m", "matrix.yml", "--merge", "elsewhere", "--out", "public", "--json"]);
    expect(out.exitCode, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    // 5 own + 3 merged + the run = 9 nights; the 3 oldest go.
    expect(result).toMatchObject({ run: RUN, nights: 6 });
    expect(result.dropped).toHaveLength(3);
    expect(result.unreadable).toEqual([expect.stringContaining("20240101-000000-dead.json")]);
    expect(out.stderr).toContain("left out: ");
    const index = historyIndexSchema.parse(
      JSON.parse(await readFile(join(root, "reports/history/index.json"), "utf8")),
    );
    expect(index.keep).toBe(6);
    expect(index.runs.at(-1)).toMatchObject({ run: RUN, cells: 2, broken: 1 });
    const files = (await readdir(join(root, "reports/history"))).filter(
      (f) => f !== "index.json" && !f.includes("dead"),
    );
    expect(files.sort()).toEqual(index.runs.map((r) => r.file).sort());
    const page = await readFile(join(root, "public/index.html"), "utf8");
    expect(page).toContain('id="matrix-data"');
    expect(page).toContain(RUN);
    expect(page).toContain("RuntimeError: auth failed for");
    expect(page).not.toContain(TOKEN);
    expect(await readFile(join(root, `reports/history/${RUN}.json`), "utf8")).not.toContain(TOKEN);
  });

  it("goes on when a folder to merge is missing (the first night in Actions has no artifact), and says so", async () => {
    const out = await report(["-m", "matrix.yml", "--merge", "no-artifact-yet"]);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/left out: .*no-artifact-yet: no such folder \(nothing merged\)/);
  });

  it("renders the history alone into the default site folder", async () => {
    await mkdir(join(root, "reports", "site"), { recursive: true });
    const out = await report(["-m", "matrix.yml", "--run", `reports/${RUN}`]);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.stdout).toMatch(
      /^report: 20270101-020000-cafe in .*reports\/history \(6 nights, 0 written\)$/m,
    );
    expect(out.stdout).toMatch(/dashboard: .*reports\/site\/index\.html \(\d+ bytes\)/);
  });
});
