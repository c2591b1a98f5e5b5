/**
 * PEP 621 `[project.optional-dependencies]`: the extras a project offers (`pip install
 * proj[eval]`), each with the distribution names it adds. `matrix init` lists them, and
 * `init --lock --extras a,b` compiles the chosen ones into the lock, which makes their packages
 * trackable and installs them in every variant.
 */
import { parse } from "smol-toml";
import { parsePep508 } from "../requirements/parse-pep508.js";

/** One extra: its name as written and the distribution names of its requirements, in order. */
export interface OptionalGroup {
  extra: string;
  packages: string[];
}

/**
 * The extras of a pyproject text, in file order; none when it has no table (or is not TOML, which
 * the dependencies reader reports with its place). A string that is not PEP 508 is left out here:
 * uv names it when it compiles the lock.
 */
export function readOptionalGroups(pyprojectText: string): OptionalGroup[] {
  let data: { project?: { "optional-dependencies"?: unknown } };
  try {
    data = parse(pyprojectText) as typeof data;
  } catch {
    return [];
  }
  const table = data.project?.["optional-dependencies"];
  if (typeof table !== "object" || table === null || Array.isArray(table)) return [];
  return Object.entries(table as Record<string, unknown>).map(([extra, list]) => ({
    extra,
    packages: Array.isArray(list) ? list.flatMap((item) => nameOf(item)) : [],
  }));
}

function nameOf(item: unknown): string[] {
  if (typeof item !== "string") return [];
  try {
    return [parsePep508(item.split(";")[0] ?? "").name];
  } catch {
    return [];
  }
}
