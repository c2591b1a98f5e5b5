/**
 * Makes real git repositories for tests: an upstream with a Python package whose history the
 * test controls. Commits are made with fixed author data so SHAs are reproducible per content.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { execa } from "execa";

/** One commit: files to write (path -> contents) and its message. */
export interface CommitSpec {
  message: string;
  files: Record<string, string>;
}

const identity = {
  GIT_AUTHOR_NAME: "Upstream Dev",
  GIT_AUTHOR_EMAIL: "dev@example.invalid",
  GIT_COMMITTER_NAME: "Upstream Dev",
  GIT_COMMITTER_EMAIL: "dev@example.invalid",
};

/** Initialises `dir` as a repository on `branch` with the given commits; returns their SHAs in order. */
export async function makeGitRepo(dir: string, commits: CommitSpec[], branch = "main"): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  await execa("git", ["init", "-q", "-b", branch, dir]);
  return addCommits(dir, commits);
}

/** Adds commits to an existing repository; returns their SHAs in order. */
export async function addCommits(dir: string, commits: CommitSpec[]): Promise<string[]> {
  const shas: string[] = [];
  for (const [i, commit] of commits.entries()) {
    for (const [path, text] of Object.entries(commit.files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const date = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
    const env = { ...identity, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    await execa("git", ["-C", dir, "add", "-A"], { env });
    await execa("git", ["-C", dir, "commit", "-q", "--allow-empty", "-m", commit.message], { env });
    shas.push((await execa("git", ["-C", dir, "rev-parse", "HEAD"])).stdout.trim());
  }
  return shas;
}

/** The files of a minimal installable Python package at `version` (setuptools, pyproject). */
export function pythonPackageFiles(name: string, version: string, body = ""): Record<string, string> {
  const module = name.replace(/-/g, "_");
  return {
    "pyproject.toml": `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${name}"\nversion = "${version}"\n\n[tool.setuptools]\npackages = ["${module}"]\n`,
    [`${module}/__init__.py`]: `__version__ = "${version}"\n${body}`,
  };
}
