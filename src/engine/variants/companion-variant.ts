/**
 * From an unsatisfiable variant to its companion: read which pins the resolver blames, let those
 * move forward at their lowest, and when the resolver then blames further pins, let them move too
 * (at most MAX_ROUNDS rounds). What moved becomes the companion variant (`plan-companion.ts`).
 */
import { resolveLowest } from "../../adapters/lowest-resolution.js";
import { normalizeName } from "../../core/requirements/normalize-name.js";
import {
  explainResolution,
  implicatedPackages,
  isResolutionFailure,
} from "../../core/results/resolution-failure.js";
import { parseResolverReport } from "../../core/results/resolver-report.js";
import { type Companion, planCompanion } from "../../core/variants/plan-companion.js";
import type { VariantEdit } from "../../core/variants/plan-variants.js";

/** Rounds of "relax what the resolver names, resolve again" before giving up. */
const MAX_ROUNDS = 3;

/** What findCompanion needs; paths as for the variant's install. */
export interface FindCompanionOptions {
  variantName: string;
  /** The failing variant's edits; its packages keep the variant's versions. */
  edits: VariantEdit[];
  /** The failing variant's written root requirements file (its includes are followed). */
  requirementsFile: string;
  /** Every exact `name==version` pin of the project's requirements (`listPins` of the tree). */
  pins: Record<string, string>;
  /**
   * The failed install's output. For pip pass the full log: pip's `ERROR:` lines alone (the
   * install excerpt) lack the "The conflict is caused by:" block that names the packages.
   */
  installOutput: string;
  uvPath: string;
  python: string;
  /** The install's cwd. */
  cwd: string;
  indexUrl?: string;
  /** The variant's uv overrides file, for pyproject sources. */
  overridesFile?: string;
  cacheDir: string;
  /** Per resolution; defaults to ten minutes. */
  timeoutMs?: number;
}

/**
 * The companion and how many resolutions it took, or why there is none. `blocker` is the
 * resolver's explanation where the search ended, when it got further than the variant's own
 * install: freeing the named pins uncovered a deeper reason (a release the index lacks), and that
 * one, not the first conflict, is what stops the variant.
 */
export type CompanionSearch =
  | { ok: true; companion: Companion; rounds: number }
  | { ok: false; reason: string; blocker?: string };

/** Finds the companion of a variant whose install failed with a resolution conflict. */
export async function findCompanion(opts: FindCompanionOptions): Promise<CompanionSearch> {
  if (!isResolutionFailure(opts.installOutput))
    return { ok: false, reason: "the install did not fail with a resolution conflict" };
  const own = new Set(opts.edits.map((e) => normalizeName(e.package)));
  const candidates = Object.keys(opts.pins).filter((name) => !own.has(normalizeName(name)));
  const relax: Record<string, string> = {};
  const implicated: string[] = [];
  let output = opts.installOutput;
  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    const named = implicatedPackages(output, candidates).filter((name) => !(name in relax));
    if (named.length === 0) {
      const what = round === 1 ? "no other pin" : "no further pin";
      const deeper = round === 1 ? {} : { blocker: explainResolution(output) };
      return { ok: false, reason: `the resolver names ${what}: ${explainResolution(output)}`, ...deeper };
    }
    for (const name of named) relax[name] = opts.pins[name] as string;
    implicated.push(...named);
    const lowest = await resolveLowest({
      uvPath: opts.uvPath,
      python: opts.python,
      requirementsFile: opts.requirementsFile,
      cwd: opts.cwd,
      cacheDir: opts.cacheDir,
      relax,
      timeoutMs: opts.timeoutMs ?? 600_000,
      ...(opts.indexUrl ? { indexUrl: opts.indexUrl } : {}),
      ...(opts.overridesFile ? { overridesFile: opts.overridesFile } : {}),
    });
    if (lowest.ok) {
      const companion = planCompanion({
        variantName: opts.variantName,
        edits: opts.edits,
        implicated,
        pins: opts.pins,
        versions: lowest.versions,
      });
      if (companion) return { ok: true, companion, rounds: round };
      return { ok: false, reason: `resolves with ${implicated.join(", ")} free, yet no pin moved` };
    }
    // Only a conflict is worth another round; a missing release or the network ends the search.
    if (!isResolutionFailure(lowest.output)) {
      const why = explainResolution(lowest.output);
      // A resolver's report (not the network, not a build) is the deeper reason the variant fails.
      const deeper = parseResolverReport(lowest.output) ? { blocker: why } : {};
      return { ok: false, reason: `the lowest resolution failed: ${why}`, ...deeper };
    }
    output = lowest.output;
  }
  const freed = implicated.join(", ");
  return {
    ok: false,
    reason: `still unsatisfiable with ${freed} free after ${MAX_ROUNDS} rounds: ${explainResolution(output)}`,
  };
}
