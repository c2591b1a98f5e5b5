/**
 * The project on top of its dependency layer. An environment's key covers what decides the
 * install of the dependencies (interpreter, installer, resolved requirement lines, overrides,
 * index), not the project's own files: an edit of the wrapper (a comment in matrix.yml, a new
 * trainer) reinstalls the project alone with `--no-deps`, in seconds, and rebuilds nothing. The
 * files the project was last installed from are stamped in the environment, beside the marker.
 */
import { join } from "node:path";
import { changeEntry, readEntryFile } from "./env-cache.js";
import { writeJsonAtomic } from "./fs.js";
import { type InstallOutcome, type InstallPlan, reinstallProject } from "./python-installer.js";
import { hashProjectFiles } from "./python-project.js";

const STAMP = ".matrix-project.json";

/** What the environment's project install was made from, and what the environment then held. */
export interface ProjectStamp {
  /** The hash of the project's files (`hashProjectFiles`). */
  files: string;
  installed: Record<string, string>;
}

/** The hash the stamp compares: the project's files as an install reads them. */
export function projectFilesOf(projectPath: string, exclude: string[] = []): Promise<string> {
  return hashProjectFiles(projectPath, exclude);
}

/** The environment's stamp, or null when it has none (built before stamps, or never had a project). */
export function readProjectStamp(envDir: string): Promise<ProjectStamp | null> {
  return readEntryFile<ProjectStamp>(join(envDir, STAMP));
}

/** Records the project install the environment holds now. */
export function writeProjectStamp(envDir: string, stamp: ProjectStamp): Promise<void> {
  return writeJsonAtomic(join(envDir, STAMP), stamp);
}

/** A project brought up to date on a finished environment: reinstalled or not, or the installer's failure. */
export type ProjectRefresh =
  | { ok: true; installed: Record<string, string>; reinstalled: boolean }
  | Extract<InstallOutcome, { ok: false }>;

/**
 * Reinstalls the project into the finished entry `root/<key>` unless its stamp already names
 * `files`; under the entry's lock, so parallel workers reinstall once and never see it half done.
 */
export function refreshProject(
  root: string,
  key: string,
  plan: InstallPlan,
  files: string,
): Promise<ProjectRefresh> {
  return changeEntry(root, key, async (envDir) => {
    const stamp = await readProjectStamp(envDir);
    if (stamp?.files === files) return { ok: true, installed: stamp.installed, reinstalled: false };
    const outcome = await reinstallProject({ ...plan, envDir });
    if (!outcome.ok) return outcome;
    await writeProjectStamp(envDir, { files, installed: outcome.installed });
    return { ok: true, installed: outcome.installed, reinstalled: true };
  });
}
