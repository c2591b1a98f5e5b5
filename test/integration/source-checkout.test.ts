/**
 * The source-checkout adapter against real git and a real venv: a worktree of a repository moved
 * from commit to commit, put on the venv's path in place of the installed package, imported by
 * the venv's Python at each commit.
 */
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDistributions, sitePackagesOf } from "../../src/adapters/site-packages.js";
import {
  changedPaths,
  checkoutSource,
  listTreeFiles,
  putSourceOnPath,
  removeSource,
  restoreDistInfo,
  takeSourceOffPath,
} from "../../src/adapters/source-checkout.js";
import { BUILD_INPUT_PATHSPECS } from "../../src/core/bisect/source-layout.js";
import { makeGitRepo } from "../support/git-repo.js";

let root: string;
let repo: string;
let shas: string[];
let venv: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "source-checkout-"));
  repo = join(root, "repo");
  const init = (i: number) => `COMMIT = ${i}\n`;
  shas = await makeGitRepo(repo, [
    {
      message: "one",
      files: { "pyproject.toml": "[project]\nname = 'regpkg'\n", "src/regpkg/__init__.py": init(0) },
    },
    { message: "two", files: { "src/regpkg/__init__.py": init(1), "README.md": "docs\n" } },
    {
      message: "three",
      files: { "src/regpkg/__init__.py": init(2), "pyproject.toml": "[project]\nname = 'x'\n" },
    },
  ]);
  venv = join(root, "venv");
  await execa("python3", ["-m", "venv", "--without-pip", venv]);
  const [site] = await sitePackagesOf(venv);
  await mkdir(join(site as string, "regpkg"), { recursive: true });
  await writeFile(join(site as string, "regpkg", "__init__.py"), "COMMIT = 'installed'\n");
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What `regpkg.COMMIT` the venv's Python imports; `bytecode`: it writes `.pyc` files, as a job's does. */
const commitSeen = async (bytecode = false) =>
  (
    await execa(join(venv, "bin", "python"), ["-c", "import regpkg; print(regpkg.COMMIT)"], {
      cwd: root,
      ...(bytecode ? { env: { PYTHONDONTWRITEBYTECODE: "" } } : {}),
    })
  ).stdout;

describe("source checkout", () => {
  it("lists a tree and the build inputs two commits differ in", async () => {
    expect(await listTreeFiles(repo, shas[0] as string)).toEqual([
      "pyproject.toml",
      "src/regpkg/__init__.py",
    ]);
    expect(await changedPaths(repo, shas[0] as string, shas[1] as string, BUILD_INPUT_PATHSPECS)).toEqual([
      "README.md",
    ]);
    // The README stays from commit two on; the filter (buildInputsChanged) drops it, not git.
    expect(await changedPaths(repo, shas[0] as string, shas[2] as string, BUILD_INPUT_PATHSPECS)).toEqual([
      "README.md",
      "pyproject.toml",
    ]);
    expect(await changedPaths(repo, shas[0] as string, "no-such-ref", BUILD_INPUT_PATHSPECS)).toBeNull();
  });

  it("puts the worktree on the venv's path in place of the installed package, commit after commit", async () => {
    expect(await commitSeen()).toBe("installed");
    const dir = join(root, "work", "src-0");
    expect((await checkoutSource(repo, dir, shas[0] as string, true)).ok).toBe(true);
    await putSourceOnPath(venv, ["regpkg"], join(dir, "src"));
    expect(await commitSeen()).toBe("0");
    expect((await checkoutSource(repo, dir, shas[2] as string, false)).ok).toBe(true);
    expect(await commitSeen()).toBe("2");
    expect((await checkoutSource(repo, dir, shas[1] as string, false)).ok).toBe(true);
    expect(await commitSeen()).toBe("1");
    expect((await checkoutSource(repo, dir, "f".repeat(40), false)).ok).toBe(false);
    await takeSourceOffPath(venv);
    await expect(commitSeen()).rejects.toThrow(/ModuleNotFoundError/);

    // A wheel went in (another version, its own files); the next source step takes it out again
    // and brings the good end's metadata back from the base.
    const [site] = (await sitePackagesOf(venv)) as [string];
    await mkdir(join(site, "regpkg"), { recursive: true });
    await writeFile(join(site, "regpkg", "__init__.py"), "COMMIT = 'wheel'\n");
    await mkdir(join(site, "regpkg-9.0.dist-info"));
    await writeFile(join(site, "regpkg-9.0.dist-info", "METADATA"), "Name: regpkg\nVersion: 9.0\n");
    expect(await commitSeen()).toBe("wheel");
    const baseInfo = join(root, "base", "regpkg-0.1.dist-info");
    await mkdir(baseInfo, { recursive: true });
    await writeFile(join(baseInfo, "METADATA"), "Name: regpkg\nVersion: 0.1\n");
    await restoreDistInfo(venv, "regpkg", baseInfo, ["regpkg"]);
    await putSourceOnPath(venv, ["regpkg"], join(dir, "src"));
    expect(await commitSeen()).toBe("1");
    expect((await listDistributions(venv)).filter((d) => d.name === "regpkg").map((d) => d.version)).toEqual([
      "0.1",
    ]);
    await takeSourceOffPath(venv);
    await removeSource(repo, dir);
    expect((await execa("git", ["-C", repo, "worktree", "list"])).stdout.split("\n")).toHaveLength(1);
  });

  it("runs the checked-out code, not the bytecode Python cached for the last commit in the same second", async () => {
    const dir = join(root, "work", "src-1");
    const init = join(dir, "src", "regpkg", "__init__.py");
    expect((await checkoutSource(repo, dir, shas[0] as string, true)).ok).toBe(true);
    await putSourceOnPath(venv, ["regpkg"], join(dir, "src"));
    expect(await commitSeen(true)).toBe("0");
    const cached = await readdir(join(dir, "src", "regpkg", "__pycache__"));
    expect(cached.some((n) => n.startsWith("__init__."))).toBe(true);
    const { mtime } = await stat(init);
    expect((await checkoutSource(repo, dir, shas[1] as string, false)).ok).toBe(true);
    // `COMMIT = 0` and `COMMIT = 1` have one size; with one mtime too (a checkout in the same
    // second), Python would take the cached bytecode for the new source.
    await utimes(init, mtime, mtime);
    expect(await commitSeen(true)).toBe("1");
    await takeSourceOffPath(venv);
    await removeSource(repo, dir);
  });

  it("leaves no folder of a subpackage the commit deleted, so Python cannot import it as a namespace", async () => {
    const sub = join(root, "sub-repo");
    const [withSub] = await makeGitRepo(sub, [
      {
        message: "with bone",
        files: { "src/regpkg/__init__.py": "COMMIT = 0\n", "src/regpkg/bone/__init__.py": "BONE = 1\n" },
      },
    ]);
    await execa("git", ["-C", sub, "rm", "-q", "-r", "src/regpkg/bone"]);
    await execa("git", [
      "-C",
      sub,
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@t",
      "commit",
      "-q",
      "-m",
      "drop bone",
    ]);
    const without = (await execa("git", ["-C", sub, "rev-parse", "HEAD"])).stdout;
    const dir = join(root, "work", "src-2");
    const boneSeen = () =>
      execa(
        join(venv, "bin", "python"),
        ["-c", "import regpkg.bone; print(getattr(regpkg.bone, 'BONE', 'ns'))"],
        {
          cwd: root,
          env: { PYTHONDONTWRITEBYTECODE: "" },
          reject: false,
        },
      );
    expect((await checkoutSource(sub, dir, withSub as string, true)).ok).toBe(true);
    await putSourceOnPath(venv, ["regpkg"], join(dir, "src"));
    expect((await boneSeen()).stdout).toBe("1");
    expect((await readdir(join(dir, "src", "regpkg", "bone"))).sort()).toEqual([
      "__init__.py",
      "__pycache__",
    ]);
    expect((await checkoutSource(sub, dir, without, false)).ok).toBe(true);
    // Without the removal the folder stays (its __pycache__) and imports as a namespace: "ns".
    const seen = await boneSeen();
    expect(seen.stderr).toMatch(/ModuleNotFoundError: No module named 'regpkg.bone'/);
    await expect(stat(join(dir, "src", "regpkg"))).resolves.toBeTruthy();
    await takeSourceOffPath(venv);
    await removeSource(sub, dir);
  });
});
