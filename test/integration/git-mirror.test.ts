import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureMirror, listFirstParent, mirrorPathOf, resolveRef } from "../../src/adapters/git-mirror.js";
import { InputError, WorldError } from "../../src/errors.js";
import { addCommits, makeGitRepo, pythonPackageFiles } from "../support/git-repo.js";

const identity = {
  GIT_AUTHOR_NAME: "Upstream Dev",
  GIT_AUTHOR_EMAIL: "dev@example.invalid",
  GIT_COMMITTER_NAME: "Upstream Dev",
  GIT_COMMITTER_EMAIL: "dev@example.invalid",
};

let root: string;
let upstream: string;
let url: string;
let cache: string;
/** Main-line commits in order (the merge commit included); side-branch commits apart. */
let mainLine: string[];
let side: string[];

const changes = (from: number, count: number, prefix = "change") =>
  Array.from({ length: count }, (_, i) => ({
    message: `${prefix} ${from + i} (#${1000 + from + i})`,
    files: { [`peft/m${from + i}.py`]: `X = ${from + i}\n` },
  }));

const git = (...args: string[]) => execa("git", ["-C", upstream, ...args], { env: identity });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-git-mirror-"));
  upstream = join(root, "upstreams", "peft");
  url = `file://${upstream}`;
  cache = join(root, "cache");
  const first = await makeGitRepo(upstream, [
    { message: "first (#999)", files: pythonPackageFiles("peft", "0.15.0.dev0") },
    ...changes(1, 19),
  ]);
  // Let the local upstream honour --filter, as GitHub does, so the mirror really is partial.
  await git("config", "uploadpack.allowFilter", "true");
  await git("checkout", "-q", "-b", "feature");
  side = await addCommits(upstream, changes(100, 3, "side"));
  await git("checkout", "-q", "main");
  const beforeMerge = await addCommits(upstream, changes(20, 5));
  await git("merge", "-q", "--no-ff", "feature", "-m", "Merge feature work (#2000)");
  const merge = (await git("rev-parse", "HEAD")).stdout.trim();
  const after = await addCommits(upstream, changes(25, 10));
  mainLine = [...first, ...beforeMerge, merge, ...after];
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("git mirror (real git, file:// upstream)", () => {
  it("clones a partial bare mirror under the cache, named by the URL's hash, leaving no temp folder", async () => {
    const mirror = await ensureMirror(url, cache);
    expect(mirror).toBe(mirrorPathOf(url, cache));
    expect(mirror.startsWith(join(cache, "mirrors"))).toBe(true);
    expect(await readdir(join(cache, "mirrors"))).toHaveLength(1);
    const bare = await execa("git", ["-C", mirror, "rev-parse", "--is-bare-repository"]);
    expect(bare.stdout.trim()).toBe("true");
    const objects = await execa("git", ["-C", mirror, "cat-file", "--batch-all-objects", "--batch-check"]);
    expect(objects.stdout).not.toMatch(/ blob /);
  });

  it("resolves branches, short and full SHAs to full SHAs, and names an unknown ref", async () => {
    const mirror = await ensureMirror(url, cache);
    const tip = mainLine[mainLine.length - 1] ?? "";
    expect(await resolveRef(mirror, "main")).toBe(tip);
    expect(await resolveRef(mirror, "feature")).toBe(side[2]);
    expect(await resolveRef(mirror, tip.slice(0, 10))).toBe(tip);
    expect(await resolveRef(mirror, mainLine[3] ?? "")).toBe(mainLine[3]);
    const error = await resolveRef(mirror, "release-9").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain("release-9");
    expect((error as Error).message).toContain(url);
  });

  it("lists the first-parent commits from good to bad, oldest first, merges included, side commits left out", async () => {
    const mirror = await ensureMirror(url, cache);
    const commits = await listFirstParent(mirror, mainLine[2] ?? "", "main");
    expect(commits.map((c) => c.sha)).toEqual(mainLine.slice(2));
    expect(commits.some((c) => side.includes(c.sha))).toBe(false);
    expect(commits[0]).toEqual({
      sha: mainLine[2],
      title: "change 2 (#1002)",
      author: "Upstream Dev",
      date: "2026-01-01T02:00:00+00:00",
    });
    expect(commits.find((c) => c.title.startsWith("Merge"))?.title).toBe("Merge feature work (#2000)");
    for (const c of commits) expect(Number.isNaN(Date.parse(c.date))).toBe(false);
  });

  it("refuses a good ref that is not an ancestor of the bad one, naming both", async () => {
    const mirror = await ensureMirror(url, cache);
    const error = await listFirstParent(mirror, "main", mainLine[0] ?? "").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/main.*not an ancestor.*/);
    expect((error as Error).message).toContain(mainLine[0]);
    const fromSide = await listFirstParent(mirror, side[0] ?? "", "feature");
    expect(fromSide.map((c) => c.sha)).toEqual(side);
  });

  it("reuses the mirror and fetches commits added upstream since", async () => {
    const mirror = await ensureMirror(url, cache);
    const added = await addCommits(upstream, changes(40, 4, "later"));
    expect(await ensureMirror(url, cache)).toBe(mirror);
    expect(await readdir(join(cache, "mirrors"))).toHaveLength(1);
    expect(await resolveRef(mirror, "main")).toBe(added[3]);
    const commits = await listFirstParent(mirror, mainLine[mainLine.length - 1] ?? "", "main");
    expect(commits.map((c) => c.sha)).toEqual([mainLine[mainLine.length - 1], ...added]);
  });

  it("lets parallel workers clone the same upstream at once, ending with one mirror", async () => {
    const fresh = join(root, "cache-parallel");
    const paths = await Promise.all([
      ensureMirror(url, fresh),
      ensureMirror(url, fresh),
      ensureMirror(url, fresh),
    ]);
    expect(new Set(paths).size).toBe(1);
    expect(await readdir(join(fresh, "mirrors"))).toEqual([paths[0]?.split("/").pop()]);
  });

  it("rebuilds a mirror that was left broken", async () => {
    const mirror = await ensureMirror(url, cache);
    await rm(join(mirror, "HEAD"));
    expect(await ensureMirror(url, cache)).toBe(mirror);
    expect(await resolveRef(mirror, "main")).toMatch(/^[0-9a-f]{40}$/);
  });

  it("throws a WorldError naming the URL when the upstream cannot be reached, leaving nothing behind", async () => {
    const missing = `file://${join(root, "upstreams", "missing")}`;
    const error = await ensureMirror(missing, cache, { retries: 1, backoffMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorldError);
    expect((error as Error).message).toContain(missing);
    expect(await readdir(join(cache, "mirrors"))).toHaveLength(1);
  });
});
