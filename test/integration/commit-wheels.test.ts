/**
 * Commit wheels from a real mirror: built once per (repository, SHA), shared by every caller,
 * and safe when many builds check out worktrees of the same mirror at once (the prefetcher, the
 * steps and other bisects on the same cache do).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureCommitWheel } from "../../src/adapters/commit-wheels.js";
import { ensureMirror } from "../../src/adapters/git-mirror.js";
import { resolveCacheDir } from "../../src/adapters/machine.js";
import { probeToolchain, type Toolchain } from "../../src/adapters/python-toolchain.js";
import { locateUv } from "../../src/adapters/uv-binary.js";
import { addCommits, makeGitRepo } from "../support/git-repo.js";
import { makePyProject } from "../support/py-project.js";

let dir: string;
let repo: string;
let shas: string[];
let toolchain: Toolchain;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "matrix-wheels-"));
  const upstream = join(dir, "upstream");
  await makePyProject({ name: "wheelpkg", version: "0.1.0.dev0" }, upstream);
  shas = await makeGitRepo(
    upstream,
    Array.from({ length: 8 }, (_, i) => ({
      message: `Commit ${i} (#${i})`,
      files: { "wheelpkg/_commit.py": `COMMIT = ${i}\n` },
    })),
  );
  repo = `file://${upstream}`;
  const uv = await locateUv({ cacheDir: resolveCacheDir() });
  if (uv.path === null) throw new Error(`no uv for this test: ${uv.why}`);
  toolchain = await probeToolchain({ python: "python3", installer: "uv", uvPath: uv.path, cwd: dir });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("ensureCommitWheel", () => {
  it("builds eight commits of one mirror at once, each its own wheel, then reuses them", async () => {
    const cacheDir = join(dir, "cache");
    const mirror = await ensureMirror(repo, cacheDir);
    const build = (sha: string) => ensureCommitWheel({ mirror, repo, sha, toolchain, cacheDir });
    const first = await Promise.all(shas.map(build));
    for (const [i, wheel] of first.entries()) {
      if (!wheel.ok) throw new Error(`commit ${i}: ${wheel.output}`);
      expect(wheel.reused).toBe(false);
      // The wheel holds that commit's code, not a neighbour's.
      const { stdout } = await execa("python3", [
        "-c",
        "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('wheelpkg/_commit.py').decode())",
        wheel.wheel,
      ]);
      expect(stdout.trim()).toBe(`COMMIT = ${i}`);
    }
    const again = await Promise.all(shas.map(build));
    expect(again.every((w) => w.ok && w.reused)).toBe(true);
    // No worktree is left registered in the mirror.
    const listed = await execa("git", ["-C", mirror, "worktree", "list", "--porcelain"]);
    expect(listed.stdout.split("\n").filter((l) => l.startsWith("worktree "))).toHaveLength(1);
  });

  it("returns a commit that cannot be built as data, with the build's words", async () => {
    const cacheDir = join(dir, "cache-broken");
    const upstream = join(dir, "upstream");
    await execa("git", ["-C", upstream, "checkout", "-q", "-b", "broken"]);
    const pyproject = await readFile(join(upstream, "pyproject.toml"), "utf8");
    const [broken] = await addCommits(upstream, [
      {
        message: "Break the build",
        files: { "pyproject.toml": pyproject.replace("[build-system]", "[build-system") },
      },
    ]);
    const mirror = await ensureMirror(repo, cacheDir);
    const wheel = await ensureCommitWheel({ mirror, repo, sha: broken as string, toolchain, cacheDir });
    expect(wheel.ok).toBe(false);
    if (!wheel.ok) expect(wheel.output).toMatch(/build|TOML|parse/i);
  });
});
