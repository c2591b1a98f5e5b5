// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is an Actions expression here, not a template.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderPrWorkflow } from "./render-pr-workflow.js";
import { actionRepoOf, renderWorkflow } from "./render-workflow.js";

describe("actionRepoOf", () => {
  it.each([
    [{ type: "git", url: "git+https://github.com/matrix-ci/matrix.git" }, "matrix-ci/matrix"],
    ["github:someone/matrix", "someone/matrix"],
    ["https://github.com/a/b#readme", "a/b"],
    ["https://gitlab.com/a/b", null],
    [undefined, null],
  ])("%j -> %s", (repository, repo) => {
    expect(actionRepoOf(repository)).toBe(repo);
  });
});

describe("renderWorkflow", () => {
  it("calls the reusable fan-out at the release tag, the harness pinned to the same ref", () => {
    const text = renderWorkflow("someone/matrix", "0.3.1");
    const workflow = parse(text);
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.night).toEqual({
      permissions: { contents: "read", actions: "read", issues: "write" },
      uses: "someone/matrix/.github/workflows/matrix-night.yml@v0.3.1",
      with: {
        matrix: "matrix.yml",
        variants: "${{ inputs.variants || '' }}",
        bisect: true,
        "file-issues": false,
        "env-cache": true,
        "harness-repository": "someone/matrix",
        "harness-ref": "v0.3.1",
      },
    });
    expect(text).not.toMatch(/TODO|placeholder|OWNER/);
  });

  it("takes the variants to run as a dispatch input, as the harness's own nightly does", () => {
    const workflow = parse(renderWorkflow("someone/matrix", "0.3.1"));
    expect(workflow.on.workflow_dispatch.inputs.variants).toMatchObject({ type: "string", default: "" });
    expect(Object.keys(workflow.on)).toEqual(["schedule", "workflow_dispatch"]);
  });

  it("pins both refs to the commit the package was built from, the tag in a comment", () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const text = renderWorkflow("someone/matrix", "0.3.1", sha);
    expect(text).toContain(`uses: someone/matrix/.github/workflows/matrix-night.yml@${sha} # v0.3.1`);
    expect(parse(text).jobs.night.with["harness-ref"]).toBe(sha);
  });
});

describe("renderPrWorkflow", () => {
  const sha = "0123456789abcdef0123456789abcdef01234567";
  const text = renderPrWorkflow("acme/matrix", "0.1.0", sha);
  const workflow = parse(text);
  type Step = { uses?: string; run?: string; id?: string; with?: Record<string, string> };
  const stepsOf = (job: string): Step[] => workflow.jobs[job].steps;

  it("starts only on a dispatch, with no permission at the top", () => {
    expect(Object.keys(workflow.on)).toEqual(["workflow_dispatch"]);
    expect(workflow.permissions).toEqual({});
  });

  it("gives the jobs that run the pull request's code no permission and no secret", () => {
    expect(workflow.jobs["side-by-side"].permissions).toEqual({});
    expect(JSON.stringify(workflow.jobs["side-by-side"])).not.toMatch(/secrets\.|github\.token|cache/);
  });

  it("comments from a job that only collects the uploaded results", () => {
    const run = stepsOf("comment")
      .map((s) => s.run ?? "")
      .join("\n");
    expect(run).toContain('--collect --run "$RUN_DIR"');
    expect(workflow.jobs.comment.permissions).toEqual({ contents: "read", issues: "read" });
  });

  it("checks the harness out at the commit its package was built from in every job, as the nightly does", () => {
    for (const job of ["plan", "side-by-side", "comment"]) {
      const harness = stepsOf(job).find((s) => s.with?.path === ".matrix-harness");
      expect(harness?.with, job).toMatchObject({ repository: "acme/matrix", ref: sha });
    }
    expect(text).toContain(`ref: ${sha} # v0.1.0`);
    expect(text).not.toMatch(/TODO|placeholder/);
    const tagged = parse(renderPrWorkflow("acme/matrix", "0.1.0"));
    expect(tagged.jobs.plan.steps[1].with.ref).toBe("v0.1.0");
  });

  it("gives every dispatch its own run folder and uploads its record for the night to carry", () => {
    expect(workflow.jobs.plan.outputs["run-dir"]).toBe("${{ steps.run-dir.outputs.run-dir }}");
    expect(stepsOf("plan").find((s) => s.id === "run-dir")?.run).toContain("GITHUB_RUN_ID % 65536");
    for (const job of ["side-by-side", "comment"])
      expect(workflow.jobs[job].env.RUN_DIR, job).toBe("${{ needs.plan.outputs.run-dir }}");
    expect(text).not.toMatch(/reports\/pr\b/);
    const record = stepsOf("comment").find((s) => s.with?.name === "matrix-pr-record");
    expect(record?.with?.path).toBe("reports/history/pr");
  });

  it("names a cell's artifact by its job, which carries a knob cell's combination once", () => {
    const upload = stepsOf("side-by-side").find((s) => s.uses?.includes("upload-artifact"));
    expect(upload?.with?.name).toBe("pr-${{ matrix.job }}");
  });

  it("passes a knob cell's combination as the repository's workflow does", () => {
    const run = stepsOf("side-by-side")
      .map((s) => s.run ?? "")
      .join("\n");
    expect(run).toContain('--job "${CELL_JOB%%--*}" "${knobs[@]}"');
  });
});
