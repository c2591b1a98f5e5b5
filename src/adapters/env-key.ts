/**
 * The content key of a Python environment: everything that changes what gets installed. Two
 * inputs with the same key install the same thing, so the environment is built once per machine.
 * Requirements are keyed by their text, `-r`/`-c` includes followed; the project by the content
 * of its files (not mtimes: a fresh checkout of the same commit must hit the cache).
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { readInputFile } from "./fs.js";

/** What identifies an environment. */
export interface EnvKeyInputs {
  /** The interpreter's real path and `sys.version`. */
  interpreter: string;
  interpreterVersion: string;
  installer: "uv" | "pip";
  installerVersion: string;
  requirementsFile: string;
  /** Where relative paths in requirement lines resolve (the install's cwd). */
  requirementsDir?: string;
  overridesFile?: string;
  projectPath?: string;
  indexUrl?: string;
  systemSitePackages: boolean;
  /** Anything else the caller knows changes the result (a candidate ref in a bisect). */
  extra?: string;
}

const LOCAL_PATH = /^\s*(?:-e\s+|--editable(?:\s+|=))?(?:file:(?:\/\/)?)?((?:\.{1,2})?\/\S*)/;
const INCLUDE = /^\s*(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)/;
// Build outputs and caches that do not change what gets installed.
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
]);

/** A hash of a local file or folder a requirement line points at (`./pkg`, `../x.whl`). */
async function hashLocal(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info) return `missing:${path}`;
  return info.isDirectory()
    ? hashTree(path)
    : createHash("sha256")
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
  seen = new Set<string>(),
): Promise<string[]> {
  const path = resolve(file);
  if (seen.has(path)) return [];
  seen.add(path);
  const text = await readInputFile(path, "requirements file");
  const texts = [text];
  for (const line of text.split(/\r?\n/)) {
    const include = INCLUDE.exec(line)?.[1];
    if (include && !/^[a-z][a-z0-9+.-]*:\/\//i.test(include)) {
      texts.push(...(await readRequirementsTexts(resolve(dirname(path), include), baseDir, seen)));
      continue;
    }
    const local = LOCAL_PATH.exec(line)?.[1];
    if (local) texts.push(`${local}=${await hashLocal(resolve(baseDir ?? dirname(path), local))}`);
  }
  return texts;
}

/** A hash of every file under `root` (relative path and bytes), skipping build outputs and caches. */
export async function hashTree(root: string): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      if (SKIP.has(entry.name) || entry.name.endsWith(".egg-info")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        hash.update(`${relative(root, path)}\0`);
        hash.update(await readFile(path));
        hash.update("\0");
      }
    }
  };
  await walk(root);
  return hash.digest("hex");
}

/** The environment's key: 24 hex digits of a sha256 over all inputs, file contents included. */
export async function computeEnvKey(inputs: EnvKeyInputs): Promise<string> {
  const material = {
    v: 1,
    interpreter: inputs.interpreter,
    interpreterVersion: inputs.interpreterVersion,
    installer: inputs.installer,
    installerVersion: inputs.installerVersion,
    requirements: await readRequirementsTexts(inputs.requirementsFile, inputs.requirementsDir),
    overrides: inputs.overridesFile ? await readInputFile(inputs.overridesFile, "overrides file") : null,
    project: inputs.projectPath ? await hashTree(inputs.projectPath) : null,
    indexUrl: inputs.indexUrl ?? null,
    systemSitePackages: inputs.systemSitePackages,
    extra: inputs.extra ?? null,
  };
  return createHash("sha256").update(JSON.stringify(material)).digest("hex").slice(0, 24);
}
