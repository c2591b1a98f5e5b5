/**
 * A commit's source tree as an environment's copy of a package: a worktree of the cached mirror
 * per bisect worker, moved from commit to commit with `git checkout` (only the changed files are
 * written), and a `.pth` file in the environment's site-packages that puts the tree's import root
 * on `sys.path` after the package's installed files were taken out. Its metadata (`*.dist-info`:
 * version, declared dependencies, entry points) stays as installed, which is why the engine does
 * this only while a commit's metadata files match the installed one's.
 */
import { cp, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { execa } from "execa";
import { listIfPresent } from "./fs.js";
import { gitEnv } from "./git.js";
import { listDistributions, sitePackagesOf } from "./site-packages.js";

/** The `.pth` file a bisect writes; the name says who wrote it. */
const PTH = "__matrix_bisect_source__.pth";
const LOCAL_TIMEOUT_MS = 10 * 60_000;

function git(mirror: string, args: string[]) {
  return execa("git", ["-C", mirror, ...args], { env: gitEnv, reject: false, timeout: LOCAL_TIMEOUT_MS });
}

/** Every file of the tree at `sha`, relative to the repository (trees only: no blob is fetched). */
export async function listTreeFiles(mirror: string, sha: string): Promise<string[] | null> {
  const listed = await git(mirror, ["ls-tree", "-r", "-z", "--name-only", sha]);
  return listed.exitCode === 0 ? String(listed.stdout).split("\0").filter(Boolean) : null;
}

/** The paths among `paths` (pathspecs) that differ between two commits; null when git cannot say. */
export async function changedPaths(
  mirror: string,
  from: string,
  to: string,
  paths: readonly string[],
): Promise<string[] | null> {
  const diff = await git(mirror, ["diff", "--no-renames", "--name-only", "-z", from, to, "--", ...paths]);
  return diff.exitCode === 0 ? String(diff.stdout).split("\0").filter(Boolean) : null;
}

/**
 * For each first-parent commit after `from` up to `to` that changed any of `paths` against its
 * first parent, the paths it changed among them (a commit that changed none is not listed); null
 * when git cannot say. One `git log` for the whole range, however long.
 */
export async function changedPathsPerCommit(
  mirror: string,
  from: string,
  to: string,
  paths: readonly string[],
): Promise<Map<string, string[]> | null> {
  const args = ["log", "--first-parent", "--diff-merges=first-parent", "--no-renames", "--name-only"];
  const log = await git(mirror, [...args, "-z", "--format=%x01%H", `${from}..${to}`, "--", ...paths]);
  if (log.exitCode !== 0) return null;
  const changed = new Map<string, string[]>();
  // Each commit is `\x01<sha>\0` then `\n` and its paths, each ended by `\0`.
  for (const entry of String(log.stdout).split("\x01").slice(1)) {
    const [sha = "", ...names] = entry.split("\0");
    changed.set(sha, names.map((name, i) => (i === 0 ? name.replace(/^\n/, "") : name)).filter(Boolean));
  }
  return changed;
}

/** Puts a worktree of `mirror` at `dir` on `sha`: made on first use, then checked out in place. */
export async function checkoutSource(
  mirror: string,
  dir: string,
  sha: string,
  fresh: boolean,
): Promise<{ ok: boolean; output: string }> {
  const args = fresh
    ? ["worktree", "add", "--detach", "--force", dir, sha]
    : ["-C", dir, "checkout", "--detach", "--force", "--quiet", sha];
  if (fresh) await rm(dir, { recursive: true, force: true });
  const diff = ["-C", dir, "diff", "--name-status", "--no-renames", "-z", "HEAD", sha];
  const changed = fresh ? null : await git(mirror, diff);
  const result = await git(mirror, args);
  if (result.exitCode === 0 && changed?.exitCode === 0) {
    // `-z` name-status: a status, then its path, each ended by NUL.
    const fields = String(changed.stdout).split("\0");
    const entries = fields.flatMap((status, i) =>
      i % 2 === 0 && fields[i + 1] ? [[status, fields[i + 1]]] : [],
    );
    await removeBytecodeOf(
      dir,
      entries.map(([, path]) => path as string).filter((p) => p.endsWith(".py")),
    );
    await removeEmptiedFolders(
      mirror,
      dir,
      entries.filter(([status]) => status === "D").map(([, path]) => path as string),
    );
  }
  return { ok: result.exitCode === 0, output: `$ git ${args.join(" ")}\n${result.stderr}` };
}

/**
 * Removes the folders a checkout emptied of tracked files but left on disk: git removes a folder
 * only when it is empty, and a job's Python leaves `__pycache__/` in every package it imported.
 * Python imports such a folder as a namespace package, so a subpackage the commit deleted (PEFT's
 * `peft/tuners/bone` in #3051) would still import, where the commit's wheel has no such name: a
 * different error, and so a different signature, from a clean install's.
 */
async function removeEmptiedFolders(mirror: string, dir: string, deleted: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  for (const file of deleted) for (let d = dirname(file); d !== "."; d = dirname(d)) folders.add(d);
  if (folders.size === 0) return;
  const tracked = await git(mirror, ["-C", dir, "ls-files", "-z", "--", ...folders]);
  if (tracked.exitCode !== 0) return;
  const live = new Set<string>();
  for (const file of String(tracked.stdout).split("\0").filter(Boolean))
    for (let d = dirname(file); d !== "."; d = dirname(d)) live.add(d);
  const dead = [...folders].filter((d) => !live.has(d));
  // The outermost dead folder holds the others.
  const outermost = dead.filter((d) => !dead.some((o) => d.startsWith(`${o}/`)));
  await Promise.all(outermost.map((d) => rm(join(dir, d), { recursive: true, force: true })));
}

/**
 * Removes the bytecode Python cached for these files of the tree. Python trusts a `.pyc` whose
 * recorded source mtime (whole seconds) and size match: a checkout within the same second that
 * changes `COMMIT = 12` into `COMMIT = 18` keeps both, and the step would run the last commit's code.
 */
async function removeBytecodeOf(dir: string, files: readonly string[]): Promise<void> {
  await Promise.all(
    files.map(async (file) => {
      const cache = join(dir, dirname(file), "__pycache__");
      const stem = `${basename(file, ".py")}.`;
      const cached = (await listIfPresent(cache)).filter((n) => n.startsWith(stem) && n.endsWith(".pyc"));
      await Promise.all(cached.map((n) => rm(join(cache, n), { force: true })));
    }),
  );
}

/** Removes a worktree made by `checkoutSource` (and git's note of it). */
export async function removeSource(mirror: string, dir: string): Promise<void> {
  await git(mirror, ["worktree", "remove", "--force", dir]);
  await rm(dir, { recursive: true, force: true });
  await git(mirror, ["worktree", "prune", "--expire=1.hour.ago"]);
}

/**
 * Takes the package's installed top-level names out of the environment's site-packages (files
 * are hard links in a bisect's clone: unlinking them leaves the cached environment as it was)
 * and writes the `.pth` naming `importRoot`, so `import pkg` finds the tree.
 */
export async function putSourceOnPath(
  envDir: string,
  topLevel: readonly string[],
  importRoot: string,
): Promise<void> {
  for (const site of await sitePackagesOf(envDir)) {
    for (const name of topLevel) await rm(join(site, name), { recursive: true, force: true });
    await writeFile(join(site, PTH), `${importRoot}\n`);
  }
}

/** Removes the `.pth` again (before a wheel goes into the environment). */
export async function takeSourceOffPath(envDir: string): Promise<void> {
  for (const site of await sitePackagesOf(envDir)) await rm(join(site, PTH), { force: true });
}

/**
 * Undoes a wheel install of package `name` in a bisect's clone: its top-level names and its
 * `*.dist-info` go, and a copy of the base environment's `baseDistInfo` comes back, so the
 * environment's metadata is the good end's again (the base is never changed: this copies).
 */
export async function restoreDistInfo(
  envDir: string,
  name: string,
  baseDistInfo: string,
  topLevel: readonly string[],
): Promise<void> {
  const installed = (await listDistributions(envDir)).find((d) => d.name === name);
  if (installed) await rm(installed.distInfo, { recursive: true, force: true });
  for (const site of (await sitePackagesOf(envDir)).slice(0, 1)) {
    for (const top of topLevel) await rm(join(site, top), { recursive: true, force: true });
    await cp(baseDistInfo, join(site, basename(baseDistInfo)), { recursive: true });
  }
}
