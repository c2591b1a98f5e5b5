/**
 * The project's own distribution name, which `matrix init`'s import smoke walks: PEP 621
 * `[project].name`, else setup.cfg's `[metadata] name`. A setup.py-only project (its name is
 * code) has none.
 */
import { parse } from "smol-toml";

/** The distribution name, or null when neither file states one (unreadable TOML included). */
export function readProjectName(pyproject: string | null, setupCfg: string | null): string | null {
  if (pyproject !== null) {
    try {
      const name = (parse(pyproject) as { project?: { name?: unknown } }).project?.name;
      if (typeof name === "string" && name.trim()) return name.trim();
    } catch {
      // The pins reader reports bad TOML with its location; here it only means "no name".
    }
  }
  if (setupCfg === null) return null;
  let section = "";
  for (const line of setupCfg.split(/\r?\n/)) {
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) section = (header[1] ?? "").trim();
    const key = /^name\s*=\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*$/.exec(line);
    if (section === "metadata" && key) return key[1] ?? null;
  }
  return null;
}
