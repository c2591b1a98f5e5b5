/**
 * Variant selectors: the names a matrix file may list under `variants:` and how `-each` expands.
 * Names are exactly `pinned`, `latest-<pkg>`, `latest-all`, `upstream-<pkg>`, `upstream-all`, with
 * the package as PEP 503 normalises it; the package may be written as the requirements spell it
 * (`upstream-huggingface_hub` is `upstream-huggingface-hub`).
 */
import { inputErrorAt } from "../../errors.js";
import { normalizeName } from "../requirements/normalize-name.js";
import type { TrackedPackage, VariantSelector } from "./model.js";

/** One concrete variant: which tracked packages it moves, and to what. */
export interface VariantSpec {
  name: string;
  /** `pinned` moves nothing; `latest` moves to the newest release; `upstream` to the branch tip. */
  kind: "pinned" | "latest" | "upstream";
  packages: string[];
}

const EXPECTED =
  "expected pinned, latest-<pkg>, latest-all, latest-each, upstream-<pkg>, upstream-all, upstream-each";

/** A variant name with its package normalised; anything else (pinned, -all, -each, companions) as is. */
export function normalizeVariantName(name: string): string {
  const match = /^(latest|upstream)-(.+)$/.exec(name);
  if (!match || match[2] === "all" || match[2] === "each" || match[2]?.includes("+")) return name;
  return `${match[1]}-${normalizeName(match[2] ?? "")}`;
}

/**
 * Why a selector expands to nothing (`upstream-each` when no tracked package has a repo), as
 * warnings: such a line silently runs nothing, which reads as "all green".
 */
export function explainEmptySelectors(
  selectors: VariantSelector[],
  packages: TrackedPackage[],
  mentioned: Set<string>,
): string[] {
  const present = packages.filter((p) => mentioned.has(p.name));
  const warnings: string[] = [];
  for (const { text, pos } of selectors) {
    const match = /^(latest|upstream)-(all|each)$/.exec(text);
    if (!match) continue;
    const where = `${pos.file}:${pos.line}:${pos.col}`;
    if (present.length === 0)
      warnings.push(`${where}: ${text} runs nothing: no tracked package is in the requirements`);
    else if (match[1] === "upstream" && !present.some((p) => p.repo !== null))
      warnings.push(
        `${where}: ${text} runs nothing: no tracked package has a repo (add packages.<name>.repo)`,
      );
  }
  return warnings;
}

/** Throws a located error for a selector that names no variant or an unknown package. */
export function checkVariantSelectors(selectors: VariantSelector[], packages: TrackedPackage[]): void {
  const names = new Set(packages.map((p) => p.name));
  for (const { text, pos } of selectors) {
    const match = /^(latest|upstream)-(.+)$/.exec(text);
    if (text === "pinned") continue;
    if (!match) throw inputErrorAt(pos, `unknown variant "${text}" (${EXPECTED})`);
    const [, kind, target = ""] = match;
    if (target === "all" || target === "each") continue;
    if (!names.has(target)) {
      throw inputErrorAt(
        pos,
        `variant "${text}" names "${target}", which is not under packages: (tracked: ${[...names].join(", ") || "none"})`,
      );
    }
    if (kind === "upstream" && !packages.find((p) => p.name === target)?.repo) {
      throw inputErrorAt(pos, `variant "${text}" needs packages.${target}.repo (add the upstream git URL)`);
    }
  }
}

/**
 * Expands selectors into concrete variants over the packages the requirements mention.
 * Packages not mentioned are left out here; the caller reports them under `skipped`.
 */
export function expandVariants(
  selectors: VariantSelector[],
  packages: TrackedPackage[],
  mentioned: Set<string>,
): VariantSpec[] {
  const present = packages.filter((p) => mentioned.has(p.name));
  const withRepo = present.filter((p) => p.repo !== null);
  const out: VariantSpec[] = [];
  const add = (spec: VariantSpec) => {
    if (spec.kind !== "pinned" && spec.packages.length === 0) return;
    if (!out.some((v) => v.name === spec.name)) out.push(spec);
  };
  for (const { text } of selectors) {
    if (text === "pinned") add({ name: "pinned", kind: "pinned", packages: [] });
    const [kind, target] = text.split(/-(.*)/s) as ["latest" | "upstream", string];
    if (kind !== "latest" && kind !== "upstream") continue;
    const pool = kind === "latest" ? present : withRepo;
    if (target === "all") add({ name: text, kind, packages: pool.map((p) => p.name) });
    else if (target === "each")
      for (const p of pool) add({ name: `${kind}-${p.name}`, kind, packages: [p.name] });
    else if (pool.some((p) => p.name === target)) add({ name: text, kind, packages: [target] });
  }
  return out;
}
