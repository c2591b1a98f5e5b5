/**
 * The night's half of the rule a bisect lives by: a cell that fails only because it cannot
 * import a dependency one of its moved packages declares is an environment that was not made
 * right (an install step that left it out), not an upstream regression. It is recorded as an
 * install error that says which dependency, so triage never files it as a breakage.
 */
import { listDistributions, readMetadata } from "../../adapters/site-packages.js";
import { declaredDependencies, missingDeclaredDependency } from "../../core/bisect/missing-dependency.js";
import type { ImportNames } from "../../core/results/import-names.js";
import type { ResultRecord } from "../../core/results/result-record.js";

/** The cell's environment: its folder, and its import map as read when it was made ready. */
export interface CheckedEnvironment {
  envDir?: string;
  importNames?: ImportNames;
}

/** The result, turned into an install error when its failure is a moved package's missing dependency. */
export async function checkMissingDependency(
  result: ResultRecord,
  env: CheckedEnvironment,
  moved: string[],
): Promise<ResultRecord> {
  const { envDir, importNames: known = {} } = env;
  if (!envDir || result.status !== "fail" || !result.failure || moved.length === 0) return result;
  // The environment's distributions, read once for all moved packages.
  const installed = await listDistributions(envDir);
  const names = installed.map((d) => d.name);
  for (const pkg of moved) {
    const metadata = await readMetadata(envDir, pkg);
    const missing = metadata
      ? missingDeclaredDependency(result.failure.excerpt, declaredDependencies(metadata), known, names)
      : null;
    if (missing === null) continue;
    const excerpt = `${pkg} declares ${missing}, which the environment could not import\n${result.failure.excerpt}`;
    return {
      ...result,
      status: "install-error",
      failure: {
        ...result.failure,
        kind: "exit-code",
        signature: `install: missing dependency ${missing}`,
        excerpt,
      },
    };
  }
  return result;
}
