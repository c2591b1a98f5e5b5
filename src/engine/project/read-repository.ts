/**
 * What `matrix init` reads from the repository it runs in: which file holds the pins
 * (requirements.txt, PEP 621 pyproject.toml, another requirements*.txt), the dependency names of
 * that file (what the night can move), the names the other files declare (requirements*.txt,
 * pyproject.toml, setup.cfg: worth a note when the pins file lacks them), and whether the
 * repository is itself a Python project.
 */

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isPythonProject } from "../../adapters/python-project.js";
import { loadRequirementsTree } from "../../adapters/requirements-files.js";
import { readSetupCfgRequires } from "../../core/init/setup-cfg-requires.js";
import { declaresProjectDependencies } from "../../core/pyproject/declares-build-system.js";
import { parsePyprojectDependencies } from "../../core/pyproject/parse-pyproject.js";
import { readProjectName } from "../../core/pyproject/project-name.js";
import { describePin, type PinFacts } from "../../core/requirements/describe-pin.js";
import type { PinLine } from "../../core/requirements/model.js";

/** The repository as init sees it. */
export interface RepositoryFacts {
  /** The pins file, relative to the repository; null when there is none matrix can read. */
  requirements: string | null;
  /** Dependency names as the pins file (and its includes) writes them, first spelling kept. */
  dependencies: string[];
  /** Names declared by the other files read, each with the file that declares it. */
  declaredElsewhere: Array<{ name: string; file: string }>;
  pythonProject: boolean;
  /** The project's distribution name (pyproject or setup.cfg), for the import smoke's walk; null when unknown. */
  projectName: string | null;
  /** The `--index-url` the pins file names (a private or local index), else null. */
  indexUrl: string | null;
  /** The pins file's requirements that select no one release (`torch>=2.1`), as written. */
  loosePins: string[];
  /** How many requirements the pins file has. */
  pinCount: number;
  /** Every file read, for init's message. */
  read: string[];
}

/** Reads `dir` (the repository root). Bad syntax in a file read is the InputError its parser raises. */
export async function readRepository(dir: string): Promise<RepositoryFacts> {
  const entries = (await readdir(dir)).sort();
  const reqFiles = entries.filter((e) => /^requirements.*\.txt$/.test(e));
  reqFiles.sort((a, b) => Number(b === "requirements.txt") - Number(a === "requirements.txt"));
  // Some projects keep them in requirements/ (base.txt, prod.txt, ...): the runtime one first.
  const nested = (await readdir(join(dir, "requirements")).catch(() => [] as string[]))
    .filter((e) => e.endsWith(".txt"))
    .sort((a, b) => rankNested(a) - rankNested(b) || a.localeCompare(b))
    .map((e) => `requirements/${e}`);
  reqFiles.push(...nested);
  const byFile = new Map<string, string[]>();
  const indexOf = new Map<string, string>();
  for (const file of reqFiles) {
    const tree = await loadRequirementsTree(join(dir, file));
    const names: string[] = [];
    for (const doc of tree.docs.values())
      for (const line of doc.lines) {
        if ("name" in line && line.name) names.push(line.name);
        const index =
          line.kind === "option" ? line.options.find((o) => o.name === "--index-url")?.value : undefined;
        if (index && !indexOf.has(file)) indexOf.set(file, index);
      }
    byFile.set(file, names);
  }
  const pinFiles = [...reqFiles];
  const pyproject = await readFile(join(dir, "pyproject.toml"), "utf8").catch(() => null);
  if (pyproject !== null && declaresProjectDependencies(pyproject)) {
    const deps = parsePyprojectDependencies(pyproject, "pyproject.toml");
    const names = deps
      .map((d) => /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(d.text.trim())?.[0] ?? "")
      .filter(Boolean);
    byFile.set("pyproject.toml", names);
    // requirements.txt pins better than pyproject ranges; another requirements*.txt does not.
    pinFiles.splice(pinFiles[0] === "requirements.txt" ? 1 : 0, 0, "pyproject.toml");
  }
  const setupCfg = await readFile(join(dir, "setup.cfg"), "utf8").catch(() => null);
  if (setupCfg !== null) byFile.set("setup.cfg", readSetupCfgRequires(setupCfg));
  const requirements = pinFiles[0] ?? null;
  const indexUrl = (requirements && indexOf.get(requirements)) ?? null;
  const pins = requirements ? await readPins(join(dir, requirements)) : [];
  const loosePins = pins.filter((p) => p.version === null && p.sha === null && p.localPath === null);
  const dependencies = [...new Set(requirements ? (byFile.get(requirements) ?? []) : [])];
  const declaredElsewhere = [...byFile]
    .filter(([file]) => file !== requirements)
    .flatMap(([file, names]) => names.map((name) => ({ name, file })));
  return {
    requirements,
    dependencies,
    declaredElsewhere,
    pythonProject: await isPythonProject(dir),
    projectName: readProjectName(pyproject, setupCfg),
    loosePins: loosePins.map((p) => p.text),
    pinCount: pins.length,
    indexUrl,
    read: [...byFile.keys()],
  };
}

const RUNTIME = ["requirements.txt", "base.txt", "main.txt", "prod.txt", "runtime.txt", "common.txt"];

function rankNested(name: string): number {
  const at = RUNTIME.indexOf(name);
  return at < 0 ? RUNTIME.length : at;
}

/** The facts of every requirement line of a pins file and its includes. */
async function readPins(file: string): Promise<PinFacts[]> {
  const tree = await loadRequirementsTree(file);
  const facts: PinFacts[] = [];
  for (const doc of tree.docs.values())
    for (const line of doc.lines)
      if (line.kind === "requirement" || line.kind === "url" || line.kind === "editable")
        facts.push(describePin(line as PinLine));
  return facts;
}
