/**
 * The project folder as an install sees it: whether it is a Python project at all, and a hash of
 * exactly the files an install reads. With `project.path: .` the run folder (`reports/`), caches
 * and ignored files live inside the project; hashing them would give every night a new key and
 * no environment would ever be reused.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { execa } from "execa";
import { declaresBuildSystem } from "../core/pyproject/declares-build-system.js";
import { readTextIfPresent, unlessAbsent } from "./fs.js";

/** True for a folder pip can install: a pyproject.toml with a build system, a setup.py or a setup.cfg. */
export async function isPythonProject(dir: string): Promise<boolean> {
  const read = (name: string) => readTextIfPresent(join(dir, name));
  const pyproject = await read("pyproject.toml");
  if (pyproject !== null && declaresBuildSystem(pyproject)) return true;
  return (await read("setup.py")) !== null || (await read("setup.cfg")) !== null;
}

// Build outputs and caches that never change what gets installed (for folders outside git).
const SKIP = new Set([
  ".git",
  "__pycache__",
  ".venv",
  "venv",
  "build",
  "dist",
  "node_modules",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".tox",
  ".nox",
]);

/**
 * The project's files, relative to `dir`: what git tracks or would track (ignored files left out)
 * inside a work tree, else every file but build outputs and caches. Folders in `exclude` (the
 * reports and cache folders, which may sit inside the project) are left out either way.
 */
export async function listProjectFiles(dir: string, exclude: string[] = []): Promise<string[]> {
  const root = resolve(dir);
  const skipped = exclude.map((e) => resolve(e)).filter((e) => e !== root);
  const outside = (rel: string) => {
    const abs = join(root, rel);
    return !skipped.some((e) => abs === e || abs.startsWith(`${e}${sep}`));
  };
  const listed = await execa("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    reject: false,
    timeout: 60_000,
  });
  const files =
    listed.exitCode === 0 ? String(listed.stdout).split("\0").filter(Boolean) : await walk(root, root);
  return files.filter((f) => outside(f) && !f.split("/").some((part) => SKIP.has(part))).sort();
}

async function walk(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.endsWith(".egg-info")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(root, path)));
    else if (entry.isFile()) out.push(relative(root, path).split(sep).join("/"));
  }
  return out;
}

/** A hash of the project's files (relative path and bytes); a file deleted but still tracked counts as absent. */
export async function hashProjectFiles(dir: string, exclude: string[] = []): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await listProjectFiles(dir, exclude)) {
    const path = join(dir, file);
    const info = await unlessAbsent(path, stat(path));
    if (!info?.isFile()) continue;
    hash.update(`${file}\0`);
    hash.update(await readFile(path));
    hash.update("\0");
  }
  return hash.digest("hex");
}
