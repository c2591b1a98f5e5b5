/**
 * What `matrix init` reads from the repository it runs in: which file holds the pins
 * (requirements.txt, PEP 621 pyproject.toml, another requirements*.txt), every dependency name
 * found there and in setup.cfg, and whether the repository is itself a Python project.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isPythonProject } from "../adapters/python-project.js";
import { loadRequirementsTree } from "../adapters/requirements-files.js";
import { readSetupCfgRequires } from "../core/init/setup-cfg-requires.js";
import { parsePyprojectDependencies } from "../core/pyproject/parse-pyproject.js";

/** The repository as init sees it. */
export interface RepositoryFacts {
  /** The pins file, relative to the repository; null when there is none matrix can read. */
  requirements: string | null;
  /** Dependency names as written, from every file read, first spelling kept. */
  dependencies: string[];
  pythonProject: boolean;
  /** The files the names came from, for init's message. */
  read: string[];
}

/** Reads `dir` (the repository root). Bad syntax in a file read is the InputError its parser raises. */
export async function readRepository(dir: string): Promise<RepositoryFacts> {
  const entries = (await readdir(dir)).sort();
  const reqFiles = entries.filter((e) => /^requirements.*\.txt$/.test(e));
  reqFiles.sort((a, b) => Number(b === "requirements.txt") - Number(a === "requirements.txt"));
  const names: string[] = [];
  const read: string[] = [];
  const pinFiles: string[] = [];
  for (const file of reqFiles) {
    const tree = await loadRequirementsTree(join(dir, file));
    for (const doc of tree.docs.values())
      for (const line of doc.lines) if ("name" in line && line.name) names.push(line.name);
    read.push(file);
    pinFiles.push(file);
  }
  const pyproject = await readFile(join(dir, "pyproject.toml"), "utf8").catch(() => null);
  if (pyproject !== null && /^\s*\[project\]/m.test(pyproject) && /^\s*dependencies\s*=/m.test(pyproject)) {
    const deps = parsePyprojectDependencies(pyproject, "pyproject.toml");
    for (const dep of deps) {
      const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(dep.text.trim())?.[0];
      if (name) names.push(name);
    }
    read.push("pyproject.toml");
    // requirements.txt pins better than pyproject ranges; another requirements*.txt does not.
    pinFiles.splice(pinFiles[0] === "requirements.txt" ? 1 : 0, 0, "pyproject.toml");
  }
  const setupCfg = await readFile(join(dir, "setup.cfg"), "utf8").catch(() => null);
  if (setupCfg !== null) {
    names.push(...readSetupCfgRequires(setupCfg));
    read.push("setup.cfg");
  }
  return {
    requirements: pinFiles[0] ?? null,
    dependencies: [...new Set(names)],
    pythonProject: await isPythonProject(dir),
    read,
  };
}
