/**
 * The seams between triage and the interaction search: what a search of a regression starts
 * from (tonight's single-package variants are free evidence), and how its answer changes the
 * regression's culprits.
 */
import { fingerprintOf } from "../issues/fingerprint.js";
import type { InteractionOptions, SubsetOutcome } from "./interaction-state.js";
import type { InteractionSummary } from "./summarize-interaction.js";
import {
  isSinglePackageVariant,
  type Regression,
  signatureOf,
  type TriageInput,
  type VariantMoves,
} from "./triage-run.js";

/**
 * What the interaction search of `regression` starts from, or null when it needs none. The known
 * outcomes are the results of tonight's single-package variants of the same kind and job, so the
 * search does not run those sets again. `budget` is passed through (default: the search's).
 */
export function interactionStartOf(
  regression: Regression,
  results: readonly TriageInput[],
  variants: readonly VariantMoves[],
  budget?: number,
): InteractionOptions | null {
  if (!regression.needs_interaction_search) return null;
  const variant = variants.find((v) => v.name === regression.variant);
  if (variant === undefined) return null;
  const known: SubsetOutcome[] = variant.packages.flatMap((pkg) => {
    const single = variants.find((v) => isSinglePackageVariant(v, variant.kind, pkg));
    const result = results.find((r) => r.variant === single?.name && r.job === regression.job);
    return result === undefined ? [] : [{ set: [pkg], ...subsetOutcomeOf(result) }];
  });
  return {
    moved: [...variant.packages],
    signature: regression.signature,
    known,
    ...(budget === undefined ? {} : { budget }),
  };
}

/**
 * A result as a subset outcome. Fail, timeout and install error are `fail` with the signature
 * triage compares (the search then keeps only those that match the `-all` one: an install
 * conflict between two upstreams is an interaction too); flaky and infra errors say nothing.
 */
export function subsetOutcomeOf(result: TriageInput): Omit<SubsetOutcome, "set"> {
  switch (result.status) {
    case "pass":
      return { status: "pass", signature: null };
    case "fail":
    case "timeout":
    case "install-error":
      return { status: "fail", signature: signatureOf(result) };
    case "flaky":
    case "unsatisfiable":
    case "infra-error":
    case "stale-upstream":
      return { status: "other", signature: result.failure?.signature ?? null };
  }
}

/**
 * The regression with the search's answer folded in. `found` and `single` replace the culprits:
 * evidence `interaction` for a set of two or more, `single-package-variant` for one package, and
 * `cleared` lists the moved packages not needed. `not-found` and `budget` keep the culprits the
 * regression had (the traceback's blame, if any). Every finished search clears
 * `needs_interaction_search`; a `running` summary changes nothing.
 */
export function applyInteraction(regression: Regression, summary: InteractionSummary): Regression {
  if (summary.status === "running") return regression;
  if (summary.status === "not-found" || summary.status === "budget") {
    return { ...regression, needs_interaction_search: false };
  }
  const culprits = [...summary.culprits];
  return {
    ...regression,
    culprits,
    culprit: culprits[0] ?? null,
    fingerprint: fingerprintOf({ packages: culprits, job: regression.job, signature: regression.signature }),
    evidence: culprits.length > 1 ? "interaction" : "single-package-variant",
    needs_interaction_search: false,
    cleared: [...summary.cleared],
  };
}
