import { describe, expect, it } from "vitest";
import { parsePatchLog, scoreSuspects } from "./suspect-commits.js";

/** One commit of `git log -p -U0 --format=%x01%H` output. */
function commit(sha: string, path: string, hunks: string[]): string {
  return `\x01${sha}\n\ndiff --git a/${path} b/${path}\nindex 1..2 100644\n--- a/${path}\n+++ b/${path}\n${hunks.join("\n")}\n`;
}

const LOG = [
  commit("aaa", "src/pkg/__init__.py", ["@@ -2 +2 @@ __version__ = 1", "-COMMIT = 1", "+COMMIT = 2"]),
  commit("bbb", "src/pkg/__init__.py", [
    "@@ -6 +6 @@ def scale(x):",
    "-    return x * 2",
    "+    return x * 3",
  ]),
  commit("ccc", "src/pkg/tuners/bone/layer.py", ["@@ -0,0 +1 @@", "+class BoneLayer: pass"]),
  commit("ddd", "docs/pkg.md", ["@@ -1 +1 @@", "-old", "+scaled things"]),
].join("");

describe("parsePatchLog", () => {
  it("keeps each commit's paths, changed lines and hunk headers, not the diff's own lines", () => {
    const commits = parsePatchLog(LOG);
    expect(commits.map((c) => c.sha)).toEqual(["aaa", "bbb", "ccc", "ddd"]);
    expect(commits[1]?.paths).toEqual(["src/pkg/__init__.py"]);
    expect(commits[1]?.text).toBe("def scale(x):\n    return x * 2\n    return x * 3");
    expect(commits[0]?.text).not.toContain("a/src");
  });

  it("reads a commit with no diff (a merge or an empty commit) as touching nothing", () => {
    expect(parsePatchLog("\x01eee\n\n")).toEqual([{ sha: "eee", paths: [], text: "" }]);
  });
});

describe("scoreSuspects", () => {
  const commits = parsePatchLog(LOG);
  it.each([
    ["a name in a hunk's function header", { names: ["scale"], modules: [] }, { bbb: 2 }],
    ["a whole word only (`scaled` is not `scale`)", { names: ["scale"], modules: [] }, { bbb: 2 }],
    ["a module's folder", { names: [], modules: ["pkg/tuners/bone"] }, { ccc: 2 }],
    ["a module's file", { names: [], modules: ["pkg/tuners/bone/layer"] }, { ccc: 2 }],
    ["both clues of one commit", { names: ["BoneLayer"], modules: ["pkg/tuners/bone"] }, { ccc: 4 }],
    ["no clue", { names: [], modules: [] }, {}],
    ["a name nothing says", { names: ["BoneConfig"], modules: [] }, {}],
  ])("%s", (_what, clues, expected) => {
    expect(Object.fromEntries(scoreSuspects(clues, commits))).toEqual(expected);
  });

  it("weighs a clue by how rare it is: log2 of commits over the commits it touches", () => {
    const four = parsePatchLog(
      ["aaa", "bbb", "ccc", "ddd"]
        .map((sha, i) => commit(sha, "pkg/a.py", [`+${i < 2 ? "foo()" : "bar()"}`]))
        .join(""),
    );
    // `foo` is on two of the four commits' changed lines: each gets log2(4 / 2) = 1.
    expect(Object.fromEntries(scoreSuspects({ names: ["foo"], modules: [] }, four))).toEqual({
      aaa: 1,
      bbb: 1,
    });
  });

  it("leaves out a clue more than half of the commits touch", () => {
    // `pkg` holds the files of three of the four commits; `return` and `COMMIT` one commit each.
    const scores = scoreSuspects({ names: ["return", "COMMIT"], modules: ["pkg"] }, commits);
    expect(Object.fromEntries(scores)).toEqual({ aaa: 2, bbb: 2 });
  });
});
