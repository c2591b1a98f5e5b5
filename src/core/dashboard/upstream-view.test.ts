import { describe, expect, it } from "vitest";
import { mergeHistories } from "../history/merge-histories.js";
import { mergePrRecords } from "../history/pr-record.js";
import {
  EXPECTED_EFFECTS,
  EXPECTED_PR_EFFECTS,
  prRecord,
  threeProjects,
  threeProjectsPrs,
} from "./upstream-fixtures.js";
import { renderUpstreamPanel } from "./upstream-panel.js";
import { EFFECT_OF_VERDICT, effectOfRecord } from "./upstream-pr-rows.js";
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

describe("the upstream view's pull request rows", () => {
  const nights = threeProjects().flat();
  const view = buildUpstreamView(nights, mergePrRecords(...threeProjectsPrs()));

  it("adds one row per pull request beside the nights' rows, which stay as they were", () => {
    const prRows = view.rows.filter((r) => r.kind === "pull-request");
    expect(prRows.map((r) => `#${r.pr}`).sort()).toEqual(Object.keys(EXPECTED_PR_EFFECTS).sort());
    expect(view.rows.filter((r) => r.kind !== "pull-request")).toEqual(buildUpstreamView(nights).rows);
  });

  it.each(Object.entries(EXPECTED_PR_EFFECTS))("%s: alpha, beta, gamma are %j", (pr, expected) => {
    const row = view.rows.find((r) => r.kind === "pull-request" && `#${r.pr}` === pr);
    expect(row?.ref).toBe(expected.head);
    expect(row?.url).toBe(`https://github.com/huggingface/transformers/pull/${pr.slice(1)}`);
    expect(view.projects.map((p) => row?.effects[p])).toEqual(expected.effects);
  });

  it("adds the column of a project known by its pull request records only", () => {
    const delta = prRecord("delta", 4, 456, "f".repeat(40), ["lora:fixed"]);
    const withDelta = buildUpstreamView(nights, [delta]);
    expect(withDelta.projects).toEqual(["alpha", "beta", "delta", "gamma"]);
    expect(withDelta.rows.find((r) => r.pr === 456)?.effects.delta).toBe("fixes");
  });

  it.each(Object.entries(EFFECT_OF_VERDICT))(
    "a lone %s cell makes the project's effect %s",
    (verdict, effect) => {
      expect(effectOfRecord(prRecord("alpha", 1, 1, "f".repeat(40), [`lora:${verdict}`]))).toBe(effect);
    },
  );

  it.each([
    [["passes-both", "fixed"], "fixes"],
    [["fixed", "slower"], "slows"],
    [["flaky", "broken-both"], "already-broken"],
    [["heavier", "learns-worse", "passes-both"], "learns-worse"],
    [["learns-worse", "head-build-failed"], "breaks"],
    [["passes-both", "infra-error"], "passes"],
    [["infra-error", "a-verdict-from-a-newer-harness"], "unknown"],
  ])("cells %j make %s (the worst wins)", (verdicts, effect) => {
    const cells = verdicts.map((v, i) => `job${i}:${v}`);
    expect(effectOfRecord(prRecord("alpha", 1, 1, "f".repeat(40), cells))).toBe(effect);
  });

  it("names a pull request by its number and link, its head after it, escaped", () => {
    const html = renderUpstreamPanel(view);
    expect(html).toContain(
      `<tr data-package="transformers" data-ref="${"d".repeat(40)}" data-kind="pull-request" data-pr="456">`,
    );
    expect(html).toContain(
      'pull request <a href="https://github.com/huggingface/transformers/pull/456" rel="noopener">PR #456</a> head',
    );
    const offGitHub = buildUpstreamView(nights, [
      { ...prRecord("alpha", 4, 9, "f".repeat(40), []), url: null },
    ]);
    expect(renderUpstreamPanel(offGitHub)).toContain("pull request #9 head");
  });
});
