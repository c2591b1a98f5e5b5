// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is an Actions expression here, not a template.
/**
 * matrix-pr.yml against the rules its README section promises: only a dispatch starts it; the
 * jobs that run the pull request's code hold no permission, no secret, no token and no cache;
 * the one job that sees MATRIX_UPSTREAM_TOKEN runs no pull-request code (it collects results);
 * the side jobs read exactly the keys `matrix plan --github` gives a cell; every dispatch writes
 * its own run folder (a run id, so its record in history/pr/ is its own), and the comment job
 * uploads that record for the night's triage to carry into the history (pr-records.sh).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderPrWorkflow } from "../../src/core/init/render-pr-workflow.js";
import { isRunId } from "../../src/core/runs/run-id.js";

const repo = resolve(import.meta.dirname, "../..");
type Step = {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
};
type Job = {
  permissions?: unknown;
  steps: Step[];
  "runs-on": unknown;
  needs?: unknown;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
};
let text: string;
let workflow: {
  on: Record<string, { inputs: Record<string, unknown> }>;
  permissions: unknown;
  jobs: Record<string, Job>;
};

beforeAll(async () => {
  text = await readFile(join(repo, ".github/workflows/matrix-pr.yml"), "utf8");
  workflow = parse(text);
});

describe("matrix-pr.yml", () => {
  it("starts only when someone with write access dispatches it, naming the package and pull request", () => {
    expect(Object.keys(workflow.on)).toEqual(["workflow_dispatch"]);
    expect(Object.keys(workflow.on.workflow_dispatch?.inputs ?? {})).toEqual([
      "package",
      "pr",
      "matrix",
      "comment",
    ]);
    expect(workflow.permissions).toEqual({});
  });

  it.each([
    [".github/workflows/matrix-pr.yml", () => text],
    ["the generated matrix-pr.yml", () => renderPrWorkflow("acme/matrix", "0.1.0", "0".repeat(40))],
  ])(
    "%s: side jobs unpack the harness the plan job packed; the comment job, holding a token, builds its own",
    (_name, read) => {
      const jobs = (parse(read()) as typeof workflow).jobs;
      const runs = (job: string) => (jobs[job] as Job).steps.map((s) => s.run ?? "").join("\n");
      const harnessFrom = (job: string) =>
        (jobs[job] as Job).steps.filter((s) => s.with?.name === "harness").map((s) => s.uses?.split("@")[0]);
      expect(runs("plan")).toContain("npm ci");
      expect(runs("plan")).toMatch(/npm prune --omit=dev[\s\S]*tar -czf "\$RUNNER_TEMP\/harness.tgz"/);
      expect(harnessFrom("plan")).toEqual(["actions/upload-artifact"]);
      expect(runs("side-by-side")).not.toContain("npm ci");
      expect(runs("side-by-side")).toContain('tar -xzf "$RUNNER_TEMP/matrix-harness/harness.tgz"');
      expect(harnessFrom("side-by-side")).toEqual(["actions/download-artifact"]);
      // An artifact is what a side job, running the pull request's code, could have replaced.
      expect(runs("comment")).toContain("npm ci");
      expect(harnessFrom("comment")).toEqual([]);
    },
  );

  it("side jobs run the pull request's code with no permission, secret, token or cache", () => {
    const side = workflow.jobs["side-by-side"] as Job;
    expect(side.permissions).toEqual({});
    const json = JSON.stringify(side);
    expect(json).not.toMatch(/secrets\.|github\.token|actions\/cache/);
    expect(side["runs-on"]).toBe("${{ matrix.runs-on }}");
    const run = side.steps.map((s) => s.run ?? "").join("\n");
    expect(run).toContain("node dist/bin.js pr ");
    expect(run).toContain("--job");
  });

  it("the only job with the upstream token collects results and runs no pull-request code", () => {
    const holders = Object.entries(workflow.jobs).filter(([, j]) =>
      JSON.stringify(j).includes("MATRIX_UPSTREAM_TOKEN"),
    );
    expect(holders.map(([name]) => name)).toEqual(["comment"]);
    const comment = workflow.jobs.comment as Job;
    const runs = comment.steps.map((s) => s.run ?? "").filter((r) => r.includes("bin.js pr"));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toContain('--collect --run "$RUN_DIR"');
    expect(comment.permissions).toEqual({ contents: "read", issues: "read" });
  });

  it("side jobs read only keys `plan --github` gives a cell", () => {
    const keys = [...text.matchAll(/\bmatrix\.([a-z-]+)/g)].map((m) => m[1]);
    expect(new Set(keys)).toEqual(new Set(["runs-on", "timeout-minutes", "job", "knobs"]));
  });

  it("every dispatch has its own run folder, a run id made from the workflow run's id", async () => {
    const plan = workflow.jobs.plan as Job;
    const step = plan.steps.find((s) => s.id === "run-dir");
    expect(plan.outputs?.["run-dir"]).toBe("${{ steps.run-dir.outputs.run-dir }}");
    const dir = await mkdtemp(join(tmpdir(), "pr-run-dir-"));
    try {
      const output = join(dir, "output");
      const ran = await execa("bash", ["-e", "-c", step?.run ?? "exit 9"], {
        env: { GITHUB_RUN_ID: "12345678901", GITHUB_OUTPUT: output },
      });
      expect(ran.exitCode).toBe(0);
      const runDir = (await readFile(output, "utf8")).trim().replace(/^run-dir=/, "");
      expect(runDir).toMatch(/^reports\/\d{8}-\d{6}-[0-9a-f]{4}$/);
      expect(isRunId(basename(runDir))).toBe(true);
      expect(runDir.endsWith((12345678901 % 65536).toString(16).padStart(4, "0"))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // The side jobs write that folder, the comment job reads it; no fixed folder is left.
    for (const name of ["side-by-side", "comment"]) {
      const job = workflow.jobs[name] as Job;
      expect(job.env?.RUN_DIR, name).toBe("${{ needs.plan.outputs.run-dir }}");
      expect(JSON.stringify(job.needs), name).toContain("plan");
    }
    expect(text).not.toMatch(/reports\/pr\b/);
    const side = (workflow.jobs["side-by-side"] as Job).steps;
    expect(side.map((s) => s.run ?? "").join("\n")).toContain('--run "$RUN_DIR"');
    const upload = side.find((s) => s.uses?.includes("upload-artifact"));
    expect(upload?.with?.path).toBe("${{ env.RUN_DIR }}");
    // A knob cell's job is `<job>--<knobs>` in the plan's include list: named once, not twice (act showed it).
    expect(upload?.with?.name).toBe("pr-${{ matrix.job }}");
    const comment = (workflow.jobs.comment as Job).steps;
    expect(comment.find((s) => s.uses?.includes("download-artifact"))?.with?.path).toBe("${{ env.RUN_DIR }}");
  });

  it("the comment job uploads the run's record, which the night's triage carries into the history", async () => {
    const comment = (workflow.jobs.comment as Job).steps;
    const record = comment.find((s) => s.with?.name === "matrix-pr-record");
    expect(record?.with?.path).toBe("reports/history/pr");
    expect(record?.if).toBe("${{ !cancelled() }}");
    const night = parse(await readFile(join(repo, ".github/workflows/matrix-night.yml"), "utf8"));
    const steps = night.jobs.triage.steps as Step[];
    const carry = steps.findIndex((s) => (s.run ?? "").includes("pr-records.sh reports/history/pr"));
    const conclude = steps.findIndex((s) => s.id === "gate");
    expect(carry).toBeGreaterThan(-1);
    expect(conclude).toBeGreaterThan(carry);
    expect(steps[carry]?.env?.PR_WORKFLOW).toBe("${{ inputs.pr-workflow }}");
    expect(night.on.workflow_call.inputs["pr-workflow"].default).toBe("matrix-pr.yml");
    expect(night.jobs.triage.permissions.actions).toBe("read");
  });
});
