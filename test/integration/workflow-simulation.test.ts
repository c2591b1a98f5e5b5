/**
 * The nightly workflow (matrix-night.yml) played locally over a small real world: each job a
 * separate process of the built CLI in a folder of its own, artifacts handed on as folder copies.
 * plan -> variants -> one `run` per cell -> find-bisects -> a bisect job whose runner is lost
 * halfway and whose re-run resumes from the saved state -> triage (drafts, gate, report). The
 * world: fakeformers 1.0.0 .. 1.19.0 on a local index, breaking from 1.13.0, pinned at 1.0.0.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type BisectWorld, makeBisectWorld } from "../support/bisect-world.js";
import { SMOKE_JOB } from "../support/mini-world.js";
import { download, ensureBuilt, runStep, startStep, upload } from "../support/workflow-runners.js";

const LABELS = ["self-hosted", "linux", "gpu"];
let world: BisectWorld;
let matrix: string;
let store: string;
const RUN = "reports/20261129-031700-0b17";
const runner = (name: string) => join(world.root, "runners", name);
const smokeRuns = (stderr: string) =>
  [...stderr.matchAll(/^\[(1\.[0-9.]+)\] smoke \.\.\.$/gm)].map((m) => m[1]);

/** A job's checkout: the world's project and matrix, plus the job's own run folder and cache. */
async function checkout(name: string): Promise<{ dir: string; run: string; env: Record<string, string> }> {
  const dir = runner(name);
  await mkdir(dir, { recursive: true });
  return { dir, run: join(dir, RUN), env: { MATRIX_CACHE: join(dir, "cache") } };
}

beforeAll(async () => {
  await ensureBuilt();
  world = await makeBisectWorld("matrix-workflow-");
  store = join(world.root, "artifacts");
  const spec = {
    name: "workflow-sim",
    project: {
      path: join(world.root, "minitune"),
      requirements: join(world.root, "reqs", "bisect-releases.txt"),
    },
    index: world.index.url,
    installer: "uv",
    packages: { fakeformers: {}, fakedata: {} },
    variants: ["pinned", "latest-fakeformers", "latest-all"],
    jobs: { smoke: { ...SMOKE_JOB, cwd: join(world.root, "work"), "runs-on": LABELS } },
  };
  matrix = join(world.root, "matrices", "workflow.yml");
  await writeFile(matrix, stringify(spec));
});

afterAll(async () => {
  await world?.close();
});

describe("the nightly fan-out, job by job on separate runners", () => {
  let cells: Array<{ variant: string; job: string; "runs-on": string[]; "timeout-minutes": number }>;
  let bisects: Array<Record<string, unknown> & { package: string; job: string; base: string; bad: string }>;

  it("plan: the include list and the manifest every runner installs from", async () => {
    const job = await checkout("plan");
    const plan = await runStep(["plan", "--github", "-m", matrix], job.dir, job.env);
    expect(plan.exitCode, plan.stderr).toBe(0);
    cells = JSON.parse(plan.stdout).include;
    expect(cells.map((c) => c.variant)).toEqual(["pinned", "latest-fakeformers", "latest-all"]);
    expect(cells.every((c) => c["runs-on"].join() === LABELS.join())).toBe(true);
    const variants = await runStep(["variants", "-m", matrix, "--run", job.run], job.dir, job.env);
    expect(variants.exitCode, variants.stderr).toBe(0);
    await upload(store, "manifest", job.run, ["manifest.json", "variants"]);
  });

  it("run: one job per cell, each on a fresh runner, results and logs uploaded", async () => {
    for (const cell of cells) {
      const job = await checkout(`run-${cell.variant}`);
      await download(store, job.run, { name: "manifest" });
      const run = await runStep(
        ["run", "-m", matrix, "--run", job.run, "--variant", cell.variant, "--job", cell.job],
        job.dir,
        job.env,
      );
      expect(run.exitCode, run.stderr).toBe(0);
      await upload(store, `cell-${cell.variant}--${cell.job}`, job.run, ["results", "logs"]);
    }
    const statuses = await Promise.all(
      cells.map(async (c) => {
        const file = join(store, `cell-${c.variant}--${c.job}`, "results", `${c.variant}--${c.job}.json`);
        return JSON.parse(await readFile(file, "utf8")).status;
      }),
    );
    expect(statuses).toEqual(["pass", "fail", "fail"]);
  });

  it("find-bisects: one bisect per (culprit, job), on the failing cell's labels", async () => {
    const job = await checkout("find-bisects");
    await download(store, job.run, { name: "manifest" });
    expect(await download(store, job.run, { prefix: "cell-" })).toHaveLength(3);
    const plan = await runStep(
      ["plan", "--bisects", "--github", "-m", matrix, "--run", job.run],
      job.dir,
      job.env,
    );
    expect(plan.exitCode, plan.stderr).toBe(0);
    bisects = JSON.parse(plan.stdout).include;
    expect(bisects).toEqual([
      expect.objectContaining({
        package: "fakeformers",
        job: "smoke",
        variant: "latest-fakeformers",
        base: "pinned",
        bad: "1.19.0",
        "runs-on": LABELS,
      }),
    ]);
  });

  it("bisect: a runner lost halfway, then a re-run that resumes from the saved state", async () => {
    const cell = bisects[0] as (typeof bisects)[number];
    const args = (run: string) => [
      "bisect",
      "-m",
      matrix,
      "--run",
      run,
      "--package",
      cell.package,
      "--job",
      cell.job,
      "--variant",
      cell.base,
      "--bad",
      cell.bad,
    ];
    const lost = await checkout("bisect-attempt-1");
    await download(store, lost.run, { name: "manifest" });
    const state = join(lost.run, "bisect", `${cell.package}--${cell.job}.state.json`);
    const child = startStep(args(lost.run), lost.dir, lost.env);
    // The runner dies once a round past the endpoints' is saved (the step's timeout, a lost machine).
    let rounds = 0;
    while (rounds < 2 && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
      const text = await readFile(state, "utf8").catch(() => null);
      rounds = text ? JSON.parse(text).rounds : 0;
    }
    process.kill(-(child.pid as number), "SIGKILL");
    await child;
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(lost.run, "bisect", `${cell.package}--${cell.job}.json`))).toBe(false);
    // actions/cache/save (if: always()) of the state; the re-run's cache/restore brings it back.
    await upload(store, "state-cache", join(lost.run, "bisect"), [`${cell.package}--${cell.job}.state.json`]);
    const saved = JSON.parse(await readFile(state, "utf8"));

    const rerun = await checkout("bisect-attempt-2");
    await download(store, rerun.run, { name: "manifest" });
    await download(store, join(rerun.run, "bisect"), { name: "state-cache" });
    const bisect = await runStep(args(rerun.run), rerun.dir, rerun.env);
    expect(bisect.exitCode, bisect.stderr).toBe(0);
    const record = JSON.parse(
      await readFile(join(rerun.run, "bisect", `${cell.package}--${cell.job}.json`), "utf8"),
    );
    expect(record).toMatchObject({
      status: "found",
      first_bad: { ref: "1.13.0" },
      last_good: { ref: "1.12.0" },
    });
    // Nothing the lost runner finished ran again.
    const again = smokeRuns(bisect.stderr);
    const done = saved.log.map((l: { ref: string }) => l.ref);
    expect(again.length).toBeGreaterThan(0);
    expect(again.filter((ref) => done.includes(ref))).toEqual([]);
    expect(record.steps).toBe(done.length + again.length);
    await upload(store, `bisect-${cell.package}--${cell.job}`, join(rerun.run, "bisect"), [
      `${cell.package}--${cell.job}.json`,
      `${cell.package}--${cell.job}.state.json`,
    ]);
  });

  it("triage: the drafts carry the culprit release, the gate passes with a warning", async () => {
    const job = await checkout("triage");
    await download(store, job.run, { name: "manifest" });
    await download(store, job.run, { prefix: "cell-" });
    await download(store, join(job.run, "bisect"), { prefix: "bisect-" });
    const drafts = await runStep(["file-issues", "-m", matrix, "--run", job.run], job.dir, job.env);
    expect(drafts.exitCode, drafts.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(job.run, "summary.json"), "utf8"));
    expect(summary.blocked).toBe(false);
    expect(summary.regressions.map((r: { variant: string }) => r.variant).sort()).toEqual([
      "latest-all",
      "latest-fakeformers",
    ]);
    for (const r of summary.regressions)
      expect(r.bisect).toMatchObject({ package: "fakeformers", status: "found", first_bad: "1.13.0" });
    const fingerprint = summary.regressions[0].fingerprint as string;
    const draft = await readFile(join(job.run, "issues", `${fingerprint}.md`), "utf8");
    expect(draft).toContain("1.13.0");
    expect(draft).toContain("1.12.0");

    const gate = await runStep(["gate", "-m", matrix, "--run", job.run, "--json"], job.dir, job.env);
    expect(gate.exitCode, gate.stderr).toBe(0);
    expect(JSON.parse(gate.stdout)).toMatchObject({ blocked: false });

    // The history carried from an earlier night (last night's artifact): one night, an older
    // run id. Tonight's report merges it in first, then adds tonight: two nights, nothing lost.
    const earlier = "20000101-000000-0001";
    const prevReports = join(job.dir, "prev-reports");
    const first = await runStep(
      [
        "report",
        "-m",
        matrix,
        "--reports",
        prevReports,
        "--run",
        job.run,
        "--out",
        join(job.dir, "prev-site"),
      ],
      job.dir,
      job.env,
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const prevHistory = join(prevReports, "history");
    const index = JSON.parse(await readFile(join(prevHistory, "index.json"), "utf8"));
    const [entry] = index.runs;
    const night = JSON.parse(await readFile(join(prevHistory, entry.file), "utf8"));
    await mkdir(join(job.dir, "history-prev"), { recursive: true });
    await writeFile(
      join(job.dir, "history-prev", `${earlier}.json`),
      JSON.stringify({ ...night, run: earlier, date: "2000-01-01T00:00:00.000Z" }),
    );
    await writeFile(
      join(job.dir, "history-prev", "index.json"),
      JSON.stringify({
        ...index,
        runs: [{ ...entry, run: earlier, date: "2000-01-01T00:00:00.000Z", file: `${earlier}.json` }],
      }),
    );
    const report = await runStep(
      ["report", "-m", matrix, "--run", job.run, "--merge", join(job.dir, "history-prev")],
      job.dir,
      job.env,
    );
    expect(report.exitCode, report.stderr).toBe(0);
    expect(existsSync(join(job.dir, "reports", "site", "index.html"))).toBe(true);
    const merged = JSON.parse(await readFile(join(job.dir, "reports", "history", "index.json"), "utf8"));
    expect(merged.runs.map((r: { run: string }) => r.run)).toEqual([earlier, entry.run]);
  });
});
