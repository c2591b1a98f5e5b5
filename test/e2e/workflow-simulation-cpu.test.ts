/**
 * The nightly workflow (matrix-night.yml) played locally on the embedded default, the way its
 * runners would run it: every job a separate process of the built CLI in a folder of its own,
 * artifacts handed on as folder copies, real torch training in every cell that can be installed.
 * plan -> variants -> one `run` per cell -> find-bisects -> a bisect job per regression -> triage
 * (drafts, gate, then the dashboard). The environment cache is the machine's, as actions/cache
 * would restore it.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { download, ensureBuilt, runStep, upload } from "../support/workflow-runners.js";

const repo = resolve(import.meta.dirname, "../..");
const MATRIX = join(repo, "matrices", "default.yml");
const RUN = "reports/20261129-031700-e2e0";
let root: string;
const store = () => join(root, "artifacts");
const runner = (name: string) => ({ dir: join(root, name), run: join(root, name, RUN) });
// Jobs never see the harness's token; the cells must not leak it either.
const env = { GITHUB_TOKEN: "ghp_workflow_sim_must_not_leak" };

beforeAll(async () => {
  await ensureBuilt();
  root = await mkdtemp(join(tmpdir(), "matrix-workflow-e2e-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the nightly fan-out on the embedded default, job by job", () => {
  let cells: Array<{ variant: string; job: string; "runs-on": string; "timeout-minutes": number }> = [];
  let bisects: Array<{ package: string; job: string; base: string; bad: string }> = [];

  it("plan: the include list and the manifest", async () => {
    // As the workflow's plan job: the plan keeps its knob verdicts and cells in the run folder,
    // which travels whole as the manifest artifact.
    const job = runner("plan");
    const plan = await runStep(["plan", "--github", "-m", MATRIX, "--run", job.run], repo, env);
    expect(plan.exitCode, plan.stderr).toBe(0);
    cells = JSON.parse(plan.stdout).include;
    expect(cells.map((c) => c.variant)).toContain("pinned");
    const variants = await runStep(["variants", "-m", MATRIX, "--run", job.run], repo, env);
    // 3: an upstream could not be reached; the manifest is written all the same and those
    // variants' cells become infra-error, as in `matrix nightly` (the workflow allows 0 and 3).
    expect([0, 3], variants.stderr).toContain(variants.exitCode);
    expect(existsSync(join(job.run, "manifest.json"))).toBe(true);
    await upload(store(), "manifest", job.run, ["."]);
  });

  it("run: one runner per cell; pinned fine-tunes", async () => {
    for (const cell of cells) {
      const job = runner(`run-${cell.variant}--${cell.job}`);
      await download(store(), job.run, { name: "manifest" });
      const run = await runStep(
        ["run", "-m", MATRIX, "--run", job.run, "--variant", cell.variant, "--job", cell.job],
        repo,
        env,
      );
      expect(run.exitCode, run.stderr).toBe(0);
      await upload(store(), `cell-${cell.variant}--${cell.job}`, job.run, ["results", "logs"]);
    }
    const pinned = cells.find((c) => c.variant === "pinned") as (typeof cells)[number];
    const file = join(store(), `cell-pinned--${pinned.job}`, "results", `pinned--${pinned.job}.json`);
    const result = JSON.parse(await readFile(file, "utf8"));
    expect(result.status, result.failure?.excerpt).toBe("pass");
    expect(JSON.stringify(result)).not.toContain(env.GITHUB_TOKEN);
  });

  it("find-bisects and the bisect jobs: one per regression with a culprit", async () => {
    const job = runner("find-bisects");
    await download(store(), job.run, { name: "manifest" });
    await download(store(), job.run, { prefix: "cell-" });
    const plan = await runStep(["plan", "--bisects", "--github", "-m", MATRIX, "--run", job.run], repo, env);
    expect(plan.exitCode, plan.stderr).toBe(0);
    bisects = JSON.parse(plan.stdout).include;
    for (const cell of bisects) {
      const b = runner(`bisect-${cell.package}--${cell.job}`);
      await download(store(), b.run, { name: "manifest" });
      await download(store(), b.run, { prefix: "cell-" });
      const args = ["--package", cell.package, "--job", cell.job, "--variant", cell.base, "--bad", cell.bad];
      const bisect = await runStep(["bisect", "-m", MATRIX, "--run", b.run, ...args], repo, env);
      expect([0, 1], bisect.stderr).toContain(bisect.exitCode);
      await upload(store(), `bisect-${cell.package}--${cell.job}`, join(b.run, "bisect"), [
        `${cell.package}--${cell.job}.json`,
      ]);
    }
  });

  it("triage: summary and drafts from the split night, the gate, then the dashboard", async () => {
    const job = runner("triage");
    await download(store(), job.run, { name: "manifest" });
    expect(await download(store(), job.run, { prefix: "cell-" })).toHaveLength(cells.length);
    await download(store(), join(job.run, "bisect"), { prefix: "bisect-" });
    const drafts = await runStep(["file-issues", "-m", MATRIX, "--run", job.run], repo, env);
    expect(drafts.exitCode, drafts.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(job.run, "summary.json"), "utf8"));
    // Every planned cell is in the summary (a stand-in a cell's runner added may be there too).
    const judged = summary.results.map((r: { variant: string; job: string }) => `${r.variant} ${r.job}`);
    for (const cell of cells) expect(judged).toContain(`${cell.variant} ${cell.job}`);
    expect(existsSync(join(job.run, "issues", "dashboard.md"))).toBe(true);
    for (const cell of bisects) {
      const explained = summary.regressions.filter(
        (r: { culprit: string | null }) => r.culprit === cell.package,
      );
      expect(explained.some((r: { bisect?: unknown }) => r.bisect !== undefined)).toBe(true);
    }
    const gate = await runStep(["gate", "-m", MATRIX, "--run", job.run, "--json"], repo, env);
    expect(gate.exitCode, gate.stderr).toBe(summary.blocked ? 1 : 0);

    const report = await runStep(
      ["report", "-m", MATRIX, "--reports", join(job.dir, "reports"), "--run", job.run],
      repo,
      env,
    );
    expect(report.exitCode, report.stderr).toBe(0);
    expect(existsSync(join(job.dir, "reports", "site", "index.html"))).toBe(true);
  });
});
