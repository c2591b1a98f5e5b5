/**
 * Whether a pyproject.toml makes its folder an installable Python project. A PEP 621 file with
 * no `[build-system]` is only a dependency list (a training repo, a `tool.uv` workspace root):
 * installing it would make pip guess at a legacy setuptools build of a folder that is no package.
 */
import { parse } from "smol-toml";

/** True when the text has a `[build-system]` table; unreadable TOML counts as installable, so the installer says what is wrong. */
export function declaresBuildSystem(pyprojectText: string): boolean {
  try {
    const data = parse(pyprojectText) as Record<string, unknown>;
    return typeof data["build-system"] === "object" && data["build-system"] !== null;
  } catch {
    return true;
  }
}

/**
 * True when the text lists `[project].dependencies` (PEP 621) as strings: what makes a pyproject a
 * pins file. A `dependencies` key of another table (`[tool.pdm]`, say), dynamic dependencies or
 * unreadable TOML do not.
 */
export function declaresProjectDependencies(pyprojectText: string): boolean {
  try {
    const data = parse(pyprojectText) as { project?: { dependencies?: unknown } };
    const deps = data.project?.dependencies;
    return Array.isArray(deps) && deps.every((d) => typeof d === "string");
  } catch {
    return false;
  }
}
