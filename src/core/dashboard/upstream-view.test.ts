import { describe, expect, it } from "vitest";
import { mergeHistories } from "../history/merge-histories.js";
import { EXPECTED_EFFECTS, threeProjects } from "./upstream-fixtures.js";
import { renderUpstreamPanel } from "./upstream-panel.js";
import { buildUpstreamView } from "./upstream-view.js";

describe("the upstream view", () => {
  const view = buildUpstreamView(threeProjects().flat());

  it("has one column per project and one row per change, newest first", () => {
    expect(view.projects).toEqual(["alpha", "beta", "gamma"]);
    expect(view.rows.map((r) => `${r.package} ${r.ref}`).sort()).toEqual(
      Object.keys(EXPECTED_EFFECTS).sort(),
    );
    expect(view.rows.at(-1)?.ref).toBe("4.47.0");
  });

  it.each(Object.entries(EXPECTED_EFFECTS))("%s: alpha, beta, gamma are %j", (change, effects) => {
    const row = view.rows.find((r) => `${r.package} ${r.ref}` === change);
    expect(view.projects.map((p) => row?.effects[p])).toEqual(effects);
  });

  it("names a bisected commit with its title and pull request", () => {
    const row = view.rows.find((r) => r.ref === "b".repeat(40));
    expect(row).toMatchObject({ kind: "commit", title: "Drop tokenizer", pr: 123 });
  });

  it("draws nothing for one project, and escapes what it draws", () => {
    const [alpha = []] = threeProjects();
    expect(renderUpstreamPanel(buildUpstreamView(alpha))).toBe("");
    const hostile = threeProjects().map((nights) =>
      nights.map((n) => ({ ...n, matrix: `<b>${n.matrix}</b>` })),
    );
    const html = renderUpstreamPanel(buildUpstreamView(mergeHistories(...hostile)));
    expect(html).toContain("&lt;b&gt;alpha&lt;/b&gt;");
    expect(html).not.toContain("<b>alpha");
  });
});
