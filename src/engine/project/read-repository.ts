/**
 * What `matrix init` reads from the repository it runs in: which file holds the pins
 * (requirements.txt, PEP 621 pyproject.toml, another requirements*.txt), the dependency names of
 * that file (what the night can move), the names the other files declare (requirements*.txt,
 * pyproject.toml, setup.cfg: worth a note when the pins file lacks them), and whether the
 * repository is itself a Python project.
 */

import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { listIfPresent, readTextIfPresent } from "../../adapters/fs.js";
import { isPythonProject } from "../../adapters/python-project.js";
import { loadRequirementsTree } from "../../adapters/requirements-files.js";
import { readSetupCfgRequires } from "../../core/init/setup-cfg-requires.js";
import { declaresProjectDependencies } from "../../core/pyproject/declares-build-system.js";
import { type OptionalGroup, readOptionalGroups } from "../../core/pyproject/optional-dependencies.js";
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
  /** The pyproject's optional dependency groups (extras), each with its package names. */
  extras: OptionalGroup[];
  /** Every file read, for init's message. */
  read: string[];
}

/** The requirements lock `matrix init --lock` writes (`uv pip compile` output, every pin exact). */
export const LOCK_FILE = "requirements.lock.txt";

/** What `readRepository` may be told: `withoutLock` when the lock is about to be remade from the source. */
export interface ReadRepositoryOptions {
  withoutLock?: boolean;
}

/** Reads `dir` (the repository root). Bad syntax in a file read is the InputError its parser raises. */
export async function readRepository(
  dir: string,
  opts: ReadRepositoryOptions = {},
): Promise<RepositoryFacts> {
  const entries = (await readdir(dir)).sort();
  const reqFiles = entries.filter(
    (e) => /^requirements.*\.txt$/.test(e) && !(opts.withoutLock && e === LOCK_FILE),
  );
  // The lock pins everything the source ranges allow, so it leads; then requirements.txt.
  const rank = (e: string) => (e === LOCK_FILE ? 2 : e === "requirements.txt" ? 1 : 0);
  reqFiles.sort((a, b) => rank(b) - rank(a));
  // Some projects keep them in requirements/ (base.txt, prod.txt, ...): the runtime one first.
  const nested = (await listIfPresent(join(dir, "requirements")))
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
  const pyproject = await readTextIfPresent(join(dir, "pyproject.toml"));
  if (pyproject !== null && declaresProjectDependencies(pyproject)) {
    const deps = parsePyprojectDependencies(pyproject, "pyproject.toml");
    const names = deps
      .map((d) => /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(d.text.trim())?.[0] ?? "")
      .filter(Boolean);
    byFile.set("pyproject.toml", names);
    // The lock and requirements.txt pin better than pyproject ranges; another requirements*.txt does not.
    const better = pinFiles.filter((f) => f === LOCK_FILE || f === "requirements.txt").length;
    pinFiles.splice(better, 0, "pyproject.toml");
  }
  const setupCfg = await readTextIfPresent(join(dir, "setup.cfg"));
  if (setupCfg !== null) byFile.set("setup.cfg", readSetupCfgRequires(setupCfg));
  const requirements = pinFiles[0] ?? null;
  const indexUrl = (requirements && indexOf.get(requirements)) ?? null;
  const { loosePins, pinCount } = requirements
    ? await readPinsFile(join(dir, requirements))
    : { loosePins: [], pinCount: 0 };
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
    loosePins,
    pinCount,
    indexUrl,
    extras: pyproject === null ? [] : readOptionalGroups(pyproject),
    read: [...byFile.keys()],
  };
}

const RUNTIME = ["requirements.txt", "base.txt", "main.txt", "prod.txt", "runtime.txt", "common.txt"];

function rankNested(name: string): number {
  const at = RUNTIME.indexOf(name);
  return at < 0 ? RUNTIME.length : at;
}

/** How many requirement lines a pins file (and its includes) has, and those that are no exact pin, as written. */
export async function readPinsFile(file: string): Promise<{ loosePins: string[]; pinCount: number }> {
  const tree = await loadRequirementsTree(file);
  const facts: PinFacts[] = [];
  for (const doc of tree.docs.values())
    for (const line of doc.lines)
      if (line.kind === "requirement" || line.kind === "url" || line.kind === "editable")
        facts.push(describePin(line as PinLine));
  const loose = facts.filter((p) => p.version === null && p.sha === null && p.localPath === null);
  return { loosePins: loose.map((p) => p.text), pinCount: facts.length };
}
