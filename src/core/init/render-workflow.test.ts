import { describe, expect, it } from "vitest";
import { parse } from "yaml";
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
        bisect: true,
        "file-issues": false,
        "env-cache": true,
        "harness-repository": "someone/matrix",
        "harness-ref": "v0.3.1",
      },
    });
    expect(text).not.toMatch(/TODO|placeholder|OWNER/);
  });

  it("pins both refs to the commit the package was built from, the tag in a comment", () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const text = renderWorkflow("someone/matrix", "0.3.1", sha);
    expect(text).toContain(`uses: someone/matrix/.github/workflows/matrix-night.yml@${sha} # v0.3.1`);
    expect(parse(text).jobs.night.with["harness-ref"]).toBe(sha);
  });
});
