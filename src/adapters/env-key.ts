/**
 * The content key of a Python environment's dependency layer: everything that decides what the
 * requirements install. Two inputs with the same key install the same thing, so the environment
 * is built once per machine. Requirements are keyed through the lossless parser (every file of
 * the `-r`/`-c` tree, as written), each local path a line installs by its content (never mtimes:
 * a fresh checkout of the same commit must hit the cache). The project's own files are not in
 * the key: the project is reinstalled on top with `--no-deps` when they change (project-layer.ts).
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { describePin } from "../core/requirements/describe-pin.js";
import type { PinLine } from "../core/requirements/model.js";
import { renderRequirements } from "../core/requirements/parse-requirements.js";
import { readInputFile, unlessAbsent } from "./fs.js";
import { hashProjectFiles } from "./python-project.js";
import type { Toolchain } from "./python-toolchain.js";
import { loadRequirementsTree } from "./requirements-files.js";

/** What identifies an environment. */
export interface EnvKeyInputs {
  toolchain: Toolchain;
  requirementsFile: string;
  /** Where relative paths in requirement lines resolve (the install's cwd). */
  requirementsDir?: string;
  overridesFile?: string;
  /** True when a project is installed on top: its files are not keyed, only that there is one. */
  withProject?: boolean;
  /** Folders an install never reads (reports, caches), in a local path a line installs. */
  projectExclude?: string[];
  indexUrl?: string;
  systemSitePackages: boolean;
  /** Anything else the caller knows changes the result. */
  extra?: string;
}

/** A hash of a local file or folder a requirement line points at (`./pkg`, `../x.whl`). */
async function hashLocal(path: string, exclude: string[]): Promise<string> {
  const info = await unlessAbsent(path, stat(path));
  if (!info) return `missing:${path}`;
  if (info.isDirectory()) return hashProjectFiles(path, exclude);
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

/**
 * The text of a requirements file and of every file it includes, in a stable order, followed by
 * the content hash of each local path a line installs: their content is part of what gets installed.
 */
export async function readRequirementsTexts(
  file: string,
  baseDir?: string,
  exclude: string[] = [],
): Promise<string[]> {
  const tree = await loadRequirementsTree(file);
  const texts: string[] = [];
  const locals: string[] = [];
  for (const doc of tree.docs.values()) {
    texts.push(renderRequirements(doc));
    for (const line of doc.lines) {
      if (line.kind !== "requirement" && line.kind !== "url" && line.kind !== "editable") continue;
      const local = describePin(line as PinLine).localPath;
      if (local) locals.push(local);
    }
  }
  const dir = baseDir ?? resolve(file, "..");
  for (const local of locals) texts.push(`${local}=${await hashLocal(resolve(dir, local), exclude)}`);
  return texts;
}

/** The environment's key: 24 hex digits of a sha256 over all inputs, file contents included. */
export async function computeEnvKey(inputs: EnvKeyInputs): Promise<string> {
  const material = {
    v: 3,
    interpreter: inputs.toolchain.interpreter,
    interpreterVersion: inputs.toolchain.interpreterVersion,
    installer: inputs.toolchain.installer,
    installerVersion: inputs.toolchain.installerVersion,
    requirements: await readRequirementsTexts(
      inputs.requirementsFile,
      inputs.requirementsDir,
      inputs.projectExclude,
    ),
    overrides: inputs.overridesFile ? await readInputFile(inputs.overridesFile, "overrides file") : null,
    project: inputs.withProject ?? false,
    indexUrl: inputs.indexUrl ?? null,
    systemSitePackages: inputs.systemSitePackages,
    extra: inputs.extra ?? null,
  };
  return createHash("sha256").update(JSON.stringify(material)).digest("hex").slice(0, 24);
}
