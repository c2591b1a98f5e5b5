/**
 * Source build versus wheel: the upstream builds from source an extension that dies of SIGILL on
 * import on this runner, while the release wheel on the index works. The pinned release built
 * from its own tag dies the same way, so the night says the cause is the source build (evidence
 * `build`), drafts no issue blaming main, and names the signal. Real git, uv, a local index.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCommits, makeGitRepo } from "../support/git-repo.js";
import {
  fakeformersFiles,
  GOOD_INIT,
  type MiniWorld,
  makeMiniWorld,
  SMOKE_JOB,
} from "../support/mini-world.js";
import { makePyProject } from "../support/py-project.js";

let world: MiniWorld;
let repo: string;

/** fakeformers as its source tree builds here: the "native" part crashes on import. */
const crashingSource = (version: string) => {
  const files = fakeformersFiles(version, GOOD_INIT);
  files["fakeformers/__init__.py"] =
    `import os, signal\n\n\ndef _load_native():\n    os.kill(os.getpid(), signal.SIGILL)\n\n\n_load_native()\n${files["fakeformers/__init__.py"]}`;
  return files;
};

beforeAll(async () => {
  world = await makeMiniWorld("matrix-source-build-");
  repo = join(world.root, "upstreams", "native");
  await makePyProject({ name: "fakeformers", version: "1.0.0" }, repo);
  await makeGitRepo(repo, [{ message: "Release 1.0.0", files: crashingSource("1.0.0") }]);
  await execa("git", ["-C", repo, "tag", "v1.0.0"]);
  await addCommits(repo, [
    { message: "Start 1.1 (#201)", files: crashingSource("1.1.0.dev0") },
    { message: "Docs (#202)", files: { "README.md": "docs\n" } },
  ]);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe("a source build that crashes on this runner", () => {
  it("is a build cause, not a regression of main", async () => {
    const matrix = await world.writeMatrix("native", {
      requirements: "pins.txt",
      variants: ["pinned", "upstream-fakeformers"],
      jobs: { smoke: SMOKE_JOB },
      fakeformersRepo: `file://${repo}`,
    });
    const run = join(world.root, "runs", "native");
    const cli = await world.cli(["nightly", "-m", matrix, "--run", run]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(run, "summary.json"), "utf8"));
    expect(summary.passed).toEqual([expect.objectContaining({ variant: "pinned" })]);
    expect(summary.regressions).toEqual([
      expect.objectContaining({
        variant: "upstream-fakeformers",
        evidence: "build",
        signature: expect.stringMatching(/^signal SIGILL @ __init__\.py:_load_native/),
        bisect: expect.objectContaining({ status: "not-reproduced", cause: "build" }),
      }),
    ]);
    const bisect = JSON.parse(await readFile(join(run, "bisect", "fakeformers--smoke.json"), "utf8"));
    expect(bisect).toMatchObject({ kind: "commits", status: "not-reproduced" });
    // No draft says main broke the job.
    const drafts = (await readdir(join(run, "issues")).catch(() => [] as string[])).filter(
      (n) => n.endsWith(".md") && n !== "dashboard.md",
    );
    expect(drafts).toEqual([]);
    expect(cli.stdout).toContain(
      "source build upstream-fakeformers / smoke: fakeformers built from source fails on this runner",
    );
    expect(cli.stdout).not.toContain("upstream regression upstream-fakeformers");
    expect(cli.stdout).toContain(
      "killed by SIGILL (illegal instruction) at fakeformers/__init__.py:_load_native",
    );
  });
});
