// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Actions expressions, not templates.
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
  const text = renderPrWorkflow("acme/matrix", "0.1.0");
  const workflow = parse(text);

  it("starts only on a dispatch, with no permission at the top", () => {
    expect(Object.keys(workflow.on)).toEqual(["workflow_dispatch"]);
    expect(workflow.permissions).toEqual({});
  });

  it("gives the jobs that run the pull request's code no permission and no secret", () => {
    expect(workflow.jobs["side-by-side"].permissions).toEqual({});
    expect(JSON.stringify(workflow.jobs["side-by-side"])).not.toMatch(/secrets\.|github\.token|cache/);
  });

  it("checks the harness out at the commit its package was built from, else at the tag, marked", () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const pinned = renderPrWorkflow("acme/matrix", "0.1.0", sha);
    const refs = (w: string) =>
      Object.values(parse(w).jobs as Record<string, { steps: Array<{ with?: { ref?: string } }> }>).map(
        (job) => job.steps.find((s) => s.with?.ref)?.with?.ref,
      );
    expect(refs(pinned)).toEqual([sha, sha, sha]);
    expect(pinned).not.toMatch(/TODO|placeholder/);
    expect(refs(text)).toEqual(["v0.1.0", "v0.1.0", "v0.1.0"]);
    expect(text).toContain("pin to its commit SHA");
  });

  it("comments from a job that only collects the uploaded results", () => {
    const run = workflow.jobs.comment.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    expect(run).toContain("--collect --run reports/pr");
    expect(workflow.jobs.comment.permissions).toEqual({ contents: "read", issues: "read" });
  });
});
