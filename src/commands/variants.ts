/**
 * `matrix variants`: writes each variant's requirements and `manifest.json` (engine/write-variants).
 * Unresolvable upstreams are recorded; the command then exits 3 naming them, after writing
 * everything it could.
 */

import { basename, dirname, join, relative, resolve } from "node:path";
import { openRunFolder } from "../adapters/run-folder.js";
import { cutLine } from "../core/results/explain-cause.js";
import type { Manifest } from "../core/variants/manifest.js";
import { loadProject } from "../engine/project/load-project.js";
import { targetInRun, writeVariants } from "../engine/variants/write-variants.js";
import { WorldError } from "../errors.js";
import { emitResult, type OutputOptions } from "./output.js";

/** The contract's stdout JSON for `matrix variants`. */
export function describeVariants(manifest: Manifest, manifestDir: string, cwd = process.cwd()) {
  return {
    variants: manifest.variants.map((v) => ({
      name: v.name,
      requirements: v.requirements ? relative(cwd, join(manifestDir, v.requirements)) : null,
      packages: v.packages,
      ...(v.unresolved.length > 0 ? { unresolved: v.unresolved } : {}),
    })),
    skipped: manifest.skipped,
  };
}

/** Human text: one line per variant with what it moved. */
export function formatVariants(manifest: Manifest): string {
  const lines = manifest.variants.map((v) => {
    if (v.unresolved.length > 0) {
      // One reason per line's worth: the first, cut keeping the host and the reason, and a count.
      const [first, ...rest] = v.unresolved;
      const more =
        rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((u) => u.package).join(", ")})` : "";
      return `  ${v.name}: not written: ${cutLine(first?.reason ?? "", 220)}${more}`;
    }
    const moved = Object.entries(v.packages)
      .filter(([, s]) => s.source !== "pinned")
      .map(
        ([name, s]) =>
          `${name} ${s.source === "latest" ? s.version : `@${s.source === "upstream" ? s.sha.slice(0, 12) : ""}`}`,
      );
    return `  ${v.name}: ${moved.join(", ") || "as pinned"}`;
  });
  const skipped = manifest.skipped.map((s) => `  skipped ${s.package}: ${s.reason}`);
  return [`run ${manifest.run}: ${manifest.variants.length} variants`, ...lines, ...skipped].join("\n");
}

/** Options of `matrix variants`. */
export interface VariantsCommandOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  out?: string;
}

/** The `matrix variants` command: writes everything it can, then exit 3 if an upstream failed. */
export async function variantsCommand(opts: VariantsCommandOptions): Promise<number> {
  const project = await loadProject(opts.matrix);
  // --out writes variants alone (no run folder); otherwise they go into the run, as DESIGN.md lays out.
  const target = opts.out
    ? { outDir: opts.out, manifestPath: join(opts.out, "manifest.json"), runId: basename(resolve(opts.out)) }
    : targetInRun(await openRunFolder(opts.reports, opts.run));
  const manifest = await writeVariants(project, target);
  emitResult(opts, describeVariants(manifest, dirname(target.manifestPath)), formatVariants(manifest));
  const unresolved = manifest.variants.filter((v) => v.unresolved.length > 0);
  const first = unresolved[0]?.unresolved[0];
  if (first) {
    const names = unresolved.map((v) => v.name).join(", ");
    throw new WorldError(`${unresolved.length} variant(s) not written (${names}): ${first.reason}`);
  }
  return 0;
}
