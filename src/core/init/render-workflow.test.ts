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
  it("runs nightly through the action, checkout pinned to a SHA, placeholder marked", () => {
    const text = renderWorkflow(null, "0.1.0");
    const steps = parse(text).jobs.nightly.steps;
    expect(steps[0].uses).toMatch(/^actions\/checkout@[0-9a-f]{40}$/);
    expect(steps[1]).toEqual({
      uses: "OWNER/matrix@v0.1.0",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an Actions expression, not a template.
      with: { matrix: "matrix.yml", command: "nightly", "github-token": "${{ secrets.GITHUB_TOKEN }}" },
    });
    expect(text).toContain("# TODO: pin OWNER/matrix to a full commit SHA");
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

  it("comments from a job that only collects the uploaded results", () => {
    const run = workflow.jobs.comment.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    expect(run).toContain("--collect --run reports/pr");
    expect(workflow.jobs.comment.permissions).toEqual({ contents: "read", issues: "read" });
  });
});
