/**
 * Triage of one run: is the release blocked, and which upstream variants broke that pinned
 * passes? The culprit package comes from the single-package variants (`latest-peft` failing
 * alone, with the same signature, names peft). When a multi-package variant fails and no
 * single-package variant explains it, the regression asks for an interaction search
 * (`find-interaction.ts`). Pure: takes result records and the variant plans, returns the summary.
 */

import { fingerprintOf } from "../issues/fingerprint.js";
import { blamedByResolver } from "../results/resolution-failure.js";
import { collectLeftOut, type LeftOutVariant } from "./left-out-variants.js";
import type { TriageInput, VariantMoves } from "./triage-input.js";

export type { TriageInput, VariantMoves } from "./triage-input.js";

export type { LeftOutVariant };

/**
 * A variant the resolver refused (its explanation), and the companion that also moves the pins
 * the resolver needs: what taking that release would cost, and whether it then works.
 */
export interface Unsatisfiable {
  variant: string;
  job: string;
  explanation: string;
  /** The moved packages the resolver's deepest reason names (the release it refuses); empty when none. */
  culprits: string[];
  /** The companion's name and its result for this job; null when none could be made. */
  companion: { variant: string; status: TriageInput["status"] } | null;
}

/**
 * How the culprits were found: the only package the variant moved, a single-package variant that
 * fails with the same signature, an interaction search (two or more packages that break only
 * together), the traceback's blame, the resolver's deepest reason (an install it refused), or not
 * at all.
 */
export type Evidence =
  | "single-package-variant"
  | "only-package-moved"
  | "interaction"
  | "traceback"
  | "resolver"
  | "none"
  /** Not a regression: the package built from source fails here, its pinned release built so too. */
  | "build";

/** One broken (variant, job) that pinned does not share, with the packages most likely to blame. */
export interface Regression {
  variant: string;
  job: string;
  status: TriageInput["status"];
  /** The failure signature, or the status when the failure left none. */
  signature: string;
  /** The packages to blame: one name, except for an interaction; empty when unknown. */
  culprits: string[];
  /** The first of `culprits` (null when none), for readers of the one-culprit record. */
  culprit: string | null;
  evidence: Evidence;
  /**
   * True when the variant moved more than one package and no single-package variant failed with
   * this signature: the failure may be an interaction, so the command should run the interaction
   * search (`interactionStartOf`). Until it has, a traceback blame stands as the culprit.
   */
  needs_interaction_search: boolean;
  /** Moved packages an interaction search showed are not needed for the failure (else empty). */
  cleared: string[];
  /** The breakage's identity: `fingerprintOf(culprits, job, signature)`; issues and history key on it. */
  fingerprint: string;
}

/** What the night says: blockers gate the release, regressions warn, infra errors are noted. */
export interface TriageSummary {
  blocked: boolean;
  blockers: TriageInput[];
  regressions: Regression[];
  flaky: TriageInput[];
  infra: TriageInput[];
  passed: TriageInput[];
  unsatisfiable: Unsatisfiable[];
  /** Upstream cells not run: the upstream is older than the pin (never a pass, never a regression). */
  stale: TriageInput[];
  /** Variants tested without the packages that kept them from being built, once each. */
  left_out: LeftOutVariant[];
}

const BROKEN = new Set<TriageInput["status"]>(["fail", "install-error", "timeout"]);

/** Sorts every result of a run into the summary. */
export function triageRun(results: TriageInput[], variants: VariantMoves[]): TriageSummary {
  const moves = new Map(variants.map((v) => [v.name, v]));
  const pinnedBroken = new Set(
    results.filter((r) => r.variant === "pinned" && BROKEN.has(r.status)).map((r) => r.job),
  );
  const summary: TriageSummary = {
    blocked: false,
    blockers: [],
    regressions: [],
    flaky: [],
    infra: [],
    passed: [],
    unsatisfiable: [],
    stale: [],
    // Stand-ins made during the run are not in the manifest: their moves are added here.
    left_out: collectLeftOut(results, moves),
  };
  for (const result of results) {
    // A companion says what a refused variant would cost; it is read with that variant, below.
    if (result.companion_of !== undefined || result.probe_of !== undefined) continue;
    if (result.status === "pass") summary.passed.push(result);
    else if (result.status === "flaky") summary.flaky.push(result);
    else if (result.status === "infra-error") summary.infra.push(result);
    else if (result.status === "stale-upstream") summary.stale.push(result);
    else if (result.variant === "pinned") summary.blockers.push(result);
    else if (result.status === "unsatisfiable")
      summary.unsatisfiable.push(refusalOf(result, results, moves.get(result.variant)?.packages ?? []));
    else if (!pinnedBroken.has(result.job)) summary.regressions.push(nameCulprit(result, results, moves));
  }
  summary.blocked = summary.blockers.length > 0;
  return summary;
}

/** The culprits of one regression, from the cheapest evidence that names them. */
function nameCulprit(result: TriageInput, all: TriageInput[], moves: Map<string, VariantMoves>): Regression {
  const signature = signatureOf(result);
  const base = { variant: result.variant, job: result.job, status: result.status, signature, cleared: [] };
  const blamed = (culprits: string[], evidence: Evidence, needsSearch = false): Regression => ({
    ...base,
    culprits,
    culprit: culprits[0] ?? null,
    evidence,
    needs_interaction_search: needsSearch,
    fingerprint: fingerprintOf({ packages: culprits, job: result.job, signature }),
  });
  const moved = moves.get(result.variant)?.packages ?? [];
  if (moved.length === 1) return blamed([...moved], "only-package-moved");
  const kind = moves.get(result.variant)?.kind;
  // A single-package variant explains this failure only when it breaks the same way: one that
  // fails differently is its own regression, and this one may be an interaction.
  const alone = moved.filter((pkg) =>
    all.some(
      (r) =>
        r.job === result.job &&
        BROKEN.has(r.status) &&
        signatureOf(r) === signature &&
        isSinglePackageVariant(moves.get(r.variant), kind, pkg),
    ),
  );
  if (alone.length === 1) return blamed(alone, "single-package-variant");
  const needsSearch = moved.length > 1 && alone.length === 0;
  const blame = result.failure?.blame ?? null;
  if (blame && moved.includes(blame)) return blamed([blame], "traceback", needsSearch);
  // An install the resolver refused names its culprit: the moved release whose requirement fails.
  const named =
    result.status === "install-error" ? blamedByResolver(result.failure?.excerpt ?? "", moved) : [];
  if (named.length === 1) return blamed(named, "resolver", needsSearch);
  return blamed([], "none", needsSearch);
}

/** The signature a failure is compared by; one that left none compares by its status. */
export function signatureOf(result: TriageInput): string {
  return result.failure?.signature ?? result.status;
}

/** Whether `variant` moves exactly `pkg`, the same way (release or upstream) as `kind`. */
export function isSinglePackageVariant(
  variant: VariantMoves | undefined,
  kind: VariantMoves["kind"] | undefined,
  pkg: string,
): boolean {
  return variant?.kind === kind && variant?.packages.length === 1 && variant.packages[0] === pkg;
}

/** The refusal of one (variant, job), with its companion's outcome for the same job. */
function refusalOf(result: TriageInput, all: TriageInput[], moved: string[]): Unsatisfiable {
  const companion = all.find((r) => r.companion_of === result.variant && r.job === result.job);
  const explanation = result.failure?.excerpt ?? "";
  return {
    variant: result.variant,
    job: result.job,
    explanation,
    culprits: blamedByResolver(explanation, moved),
    companion: companion ? { variant: companion.variant, status: companion.status } : null,
  };
}
