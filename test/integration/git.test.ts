import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBranch } from "../../src/adapters/git.js";
import { WorldError } from "../../src/errors.js";
import { makeGitRepo, pythonPackageFiles } from "../support/git-repo.js";

let root: string;
let shas: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-git-"));
  shas = await makeGitRepo(join(root, "peft"), [
    { message: "first", files: pythonPackageFiles("peft", "0.15.0.dev0") },
    { message: "second (#12)", files: { "peft/extra.py": "X = 1\n" } },
  ]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("resolveBranch (real git, file:// upstream)", () => {
  it("returns the exact SHA of the branch tip", async () => {
    expect(await resolveBranch(`file://${join(root, "peft")}`, "main")).toBe(shas[1]);
  });

  it("returns null for a branch the repository lacks", async () => {
    expect(await resolveBranch(`file://${join(root, "peft")}`, "release-9")).toBeNull();
  });

  it("throws a WorldError naming the URL when the upstream cannot be reached", async () => {
    const url = `file://${join(root, "missing")}`;
    const error = await resolveBranch(url, "main", { retries: 1, backoffMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorldError);
    expect((error as Error).message).toContain(url);
  });
});
