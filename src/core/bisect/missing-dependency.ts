/**
 * The one failure a bisect must never blame on a candidate's code: it cannot import a module
 * that the candidate itself declares as a dependency. Upstream main adds dependencies all the
 * time (transformers added `safetensors`); a candidate that lacks one is an environment that was
 * not made right, and naming it the culprit would send a false report upstream.
 */
import { normalizeName } from "../requirements/normalize-name.js";
import { distributionsOfImport, type ImportNames } from "../results/import-names.js";

/**
 * The distributions a `METADATA` file requires unconditionally: `Requires-Dist` lines whose
 * marker does not ask for an extra (an extra's dependencies are the user's choice to install).
 */
export function declaredDependencies(metadata: string): string[] {
  const names = new Set<string>();
  const body = metadata.split(/\r?\n\r?\n/)[0] ?? "";
  for (const line of body.split(/\r?\n/)) {
    const value = /^Requires-Dist:\s*(.+)$/i.exec(line)?.[1];
    if (!value) continue;
    const [requirement = "", marker = ""] = value.split(";");
    if (/\bextra\s*==/.test(marker)) continue;
    const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];
    if (name) names.add(normalizeName(name));
  }
  return [...names];
}

/** The top-level module a job's output says is missing (`No module named 'safetensors.torch'` -> `safetensors`). */
export function missingModuleOf(output: string): string | null {
  const found = [...output.matchAll(/ModuleNotFoundError: No module named ['"]([A-Za-z0-9_.]+)['"]/g)].pop();
  return found?.[1]?.split(".")[0] ?? null;
}

/**
 * The declared dependency a missing module belongs to, or null when it is none of them. `known`
 * is the environment's import map (see core/results/import-names.ts); `installed` its
 * distributions. A module no installed distribution provides, while exactly one declared
 * dependency is not installed, belongs to that one whatever its import name (`bs4` is
 * beautifulsoup4's): the environment says so without a table.
 */
export function missingDeclaredDependency(
  output: string,
  declared: readonly string[],
  known: ImportNames = {},
  installed: readonly string[] | null = null,
): string | null {
  const module = missingModuleOf(output);
  if (module === null) return null;
  const wanted = new Set(distributionsOfImport(module, known));
  const named = declared.find((name) => wanted.has(name));
  if (named) return named;
  if (installed === null || module in known) return null;
  const have = new Set(installed.map(normalizeName));
  const absent = declared.filter((name) => !have.has(name));
  return absent.length === 1 ? (absent[0] ?? null) : null;
}
