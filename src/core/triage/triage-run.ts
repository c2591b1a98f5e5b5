/**
 * Triage of one run: is the release blocked, and which upstream variants broke that pinned
 * passes? The culprit package comes from the single-package variants (`latest-peft` failing
 * alone names peft). Pure: takes result records and the variant plans, returns the summary.
 */

/** The fields of a result record that triage reads. */
export interface TriageInput {
  variant: string;
  job: string;
  status: "pass" | "fail" | "flaky" | "install-error" | "timeout" | "infra-error";
  failure?: { signature: string; blame?: string | null } | null;
}

/** The variants as planned: which tracked packages each one moved. */
export interface VariantMoves {
  name: string;
  kind: "pinned" | "latest" | "upstream";
  packages: string[];
}

/** One broken (variant, job) that pinned does not share, with the package most likely to blame. */
export interface Regression {
  variant: string;
  job: string;
  status: TriageInput["status"];
  signature: string;
  /** The package named by a failing single-package variant, else the traceback's blame. */
  culprit: string | null;
  /** How the culprit was found: a single-package variant, the traceback, or not at all. */
  evidence: "single-package-variant" | "only-package-moved" | "traceback" | "none";
}

/** What the night says: blockers gate the release, regressions warn, infra errors are noted. */
export interface TriageSummary {
  blocked: boolean;
  blockers: TriageInput[];
  regressions: Regression[];
  flaky: TriageInput[];
  infra: TriageInput[];
  passed: TriageInput[];
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
  };
  for (const result of results) {
    if (result.status === "pass") summary.passed.push(result);
    else if (result.status === "flaky") summary.flaky.push(result);
    else if (result.status === "infra-error") summary.infra.push(result);
    else if (result.variant === "pinned") summary.blockers.push(result);
    else if (!pinnedBroken.has(result.job)) summary.regressions.push(nameCulprit(result, results, moves));
  }
  summary.blocked = summary.blockers.length > 0;
  return summary;
}

function nameCulprit(result: TriageInput, all: TriageInput[], moves: Map<string, VariantMoves>): Regression {
  const base = {
    variant: result.variant,
    job: result.job,
    status: result.status,
    signature: result.failure?.signature ?? result.status,
  };
  const moved = moves.get(result.variant)?.packages ?? [];
  if (moved.length === 1) return { ...base, culprit: moved[0] ?? null, evidence: "only-package-moved" };
  const kind = moves.get(result.variant)?.kind;
  const alone = moved.filter((pkg) =>
    all.some(
      (r) =>
        r.job === result.job &&
        BROKEN.has(r.status) &&
        moves.get(r.variant)?.kind === kind &&
        moves.get(r.variant)?.packages.length === 1 &&
        moves.get(r.variant)?.packages[0] === pkg,
    ),
  );
  if (alone.length === 1) return { ...base, culprit: alone[0] ?? null, evidence: "single-package-variant" };
  const blame = result.failure?.blame ?? null;
  if (blame && moved.includes(blame)) return { ...base, culprit: blame, evidence: "traceback" };
  return { ...base, culprit: null, evidence: "none" };
}
