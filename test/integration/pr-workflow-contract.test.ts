/**
 * matrix-pr.yml against the rules its README section promises: only a dispatch starts it; the
 * jobs that run the pull request's code hold no permission, no secret, no token and no cache;
 * the one job that sees MATRIX_UPSTREAM_TOKEN runs no pull-request code (it collects results);
 * the side jobs read exactly the keys `matrix plan --github` gives a cell.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const repo = resolve(import.meta.dirname, "../..");
type Step = { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Job = { permissions?: unknown; steps: Step[]; "runs-on": unknown; needs?: unknown };
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

  it("side jobs run the pull request's code with no permission, secret, token or cache", () => {
    const side = workflow.jobs["side-by-side"] as Job;
    expect(side.permissions).toEqual({});
    const json = JSON.stringify(side);
    expect(json).not.toMatch(/secrets\.|github\.token|actions\/cache/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Actions expression, not a template.
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
    expect(runs[0]).toContain("--collect --run reports/pr");
    expect(comment.permissions).toEqual({ contents: "read", issues: "read" });
  });

  it("side jobs read only keys `plan --github` gives a cell", () => {
    const keys = [...text.matchAll(/\bmatrix\.([a-z-]+)/g)].map((m) => m[1]);
    expect(new Set(keys)).toEqual(new Set(["runs-on", "timeout-minutes", "job", "knobs"]));
  });
});
