/**
 * Suspects from a real git history: `readPatchLog` reads the range with Python's diff driver, so
 * a change inside a method is found by the method's name; a deleted subpackage by its dotted
 * module; a test that mentions the name is not a suspect. Then `findSuspects` on a bisect state
 * whose bad end failed, as the engine calls it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPatchLog } from "../../src/adapters/commit-patches.js";
import { startBisect } from "../../src/core/bisect/bisect-state.js";
import { cluesOf } from "../../src/core/bisect/failure-clues.js";
import { nextRound } from "../../src/core/bisect/next-round.js";
import { recordVerdicts } from "../../src/core/bisect/record-verdicts.js";
import { parsePatchLog, scoreSuspects } from "../../src/core/bisect/suspect-commits.js";
import { findSuspects } from "../../src/engine/bisect/bisect-suspects.js";
import { addCommits, makeGitRepo } from "../support/git-repo.js";

const MODEL = (scale: number, body: string) => `class Model:
    def __init__(self):
        self.size = 4

    def forward(self, x):
        y = x * ${scale}
        ${body}
        return y
`;

let root: string;
let shas: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "suspects-"));
  const repo = join(root, "up");
  shas = await makeGitRepo(repo, [
    {
      message: "Start",
      files: { "src/pkg/model.py": MODEL(2, "pass"), "src/pkg/tuners/bone/__init__.py": "BONE = 1\n" },
    },
    ...Array.from({ length: 6 }, (_, i) => ({
      message: `Other ${i}`,
      files: { "src/pkg/other.py": `N = ${i}\n` },
    })),
    {
      message: "Test forward",
      files: { "tests/test_model.py": "def test_forward():\n    Model().forward(1)\n" },
    },
    { message: "Tune forward (#7)", files: { "src/pkg/model.py": MODEL(3, "pass") } },
    ...Array.from({ length: 4 }, (_, i) => ({
      message: `More ${i}`,
      files: { "src/pkg/other.py": `M = ${i}\n` },
    })),
  ]);
  await execa("git", ["-C", repo, "rm", "-q", "-r", "src/pkg/tuners/bone"]);
  shas = [...shas, ...(await addCommits(repo, [{ message: "Remove Bone (#12)", files: {} }]))];
  shas = [
    ...shas,
    ...(await addCommits(repo, [{ message: "Last", files: { "src/pkg/other.py": "Z = 1\n" } }])),
  ];
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const scoresFor = async (signature: string) => {
  const clues = cluesOf(signature);
  const log = await readPatchLog(join(root, "up"), shas[0] as string, shas[shas.length - 1] as string, [
    ...clues.names,
    ...clues.modules,
  ]);
  expect(log).not.toBeNull();
  return scoreSuspects(clues, parsePatchLog(log as string));
};

describe("suspects from a real history", () => {
  it("finds the commit that changed a method by the method's name, not the test that calls it", async () => {
    const scores = await scoresFor("ValueError: Model.forward returned <n> @ model.py:forward");
    expect([...scores.keys()]).toEqual([shas[8]]);
  });

  it("finds the commit that deleted a subpackage by its dotted module", async () => {
    const scores = await scoresFor("ModuleNotFoundError: No module named 'pkg.tuners.bone' @ x.py:<module>");
    expect([...scores.keys()]).toEqual([shas[13]]);
  });

  it("reads nothing when git cannot (a ref the mirror lacks)", async () => {
    expect(await readPatchLog(join(root, "up"), "0".repeat(40), shas[1] as string, ["x"])).toBeNull();
  });

  it("marks the suspects of a bisect whose bad end failed, and the search tries them first", async () => {
    const notes: string[] = [];
    let state = startBisect(shas, { workers: 1 });
    state = recordVerdicts(state, [
      {
        ref: shas[shas.length - 1] as string,
        verdict: "bad",
        reason: null,
        signature: "ModuleNotFoundError: No module named 'pkg.tuners.bone' @ x.py:<module>",
        source: "night",
      },
    ]);
    const range = { kind: "commits" as const, candidates: [], repo: null, mirror: join(root, "up") };
    state = await findSuspects(state, range, { note: (_s, m) => notes.push(m) }, "bisect pkg");
    // The one commit that touches the folder, of the 13 whose patches are read (the commit that
    // touched only a test is not): log2(13 / 1).
    expect(Object.keys(state.suspects ?? {})).toEqual([shas[13]]);
    expect(state.suspects?.[shas[13] as string]).toBeCloseTo(Math.log2(13), 6);
    expect(state.clues).toEqual(["bone", "pkg.tuners.bone"]);
    expect(notes).toEqual(["1 commit touches bone, pkg.tuners.bone: tried first"]);
    // The suspect's parent or the suspect itself runs first, not the middle of the range.
    expect([shas[12], shas[13]]).toContain(nextRound(state)[0]);
  });
});
