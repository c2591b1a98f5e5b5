/**
 * After triage, the night explains each upstream regression: an unexplained multi-package failure
 * gets its interaction search (the smallest set of moved packages that fails together), then each
 * (culprit, job) is bisected once, releases for `latest-*`, commits for `upstream-*`. An
 * interaction is bisected on one member with the other members at their new versions, and the
 * record says so. A bisect that cannot start is noted, never fatal to the night. A breakage whose
 * culprit the night before found (`known`, from the history) keeps it and is not bisected again.
 */

import type { RunLayout } from "../adapters/run-folder.js";
import { badRefOf } from "../core/bisect/plan-bisects.js";
import type { KnownBisect } from "../core/history/known-bisects.js";
import type { ResultRecord } from "../core/results/result-record.js";
import type { NightBisect } from "../core/triage/attach-bisects.js";
import { isSourceBuildCause } from "../core/triage/source-build-cause.js";
import type { Regression } from "../core/triage/triage-run.js";
import type { Manifest, ManifestVariant } from "../core/variants/manifest.js";
import { InputError, WorldError } from "../errors.js";
import { bisectPackage } from "./bisect-record.js";
import type { MachineFacts } from "./environment-spec.js";
import { searchInteraction } from "./interaction-search.js";
import type { Project } from "./load-project.js";

/** One bisect the night ran (or could not run), as the summary lists it. */
export type { NightBisect };

/** Interaction searches, then bisects; returns the regressions as explained and the bisects run. */
export async function explainRegressions(
  project: Project,
  layout: RunLayout,
  facts: MachineFacts,
  manifest: Manifest,
  triaged: Regression[],
  results: ResultRecord[],
  workers: number,
  known: ReadonlyMap<string, KnownBisect> = new Map(),
): Promise<{ regressions: Array<Regression & { bisect?: NightBisect }>; bisects: NightBisect[] }> {
  const explained: Array<{ regression: Regression; failing: ManifestVariant | null }> = [];
  for (const regression of triaged) {
    const outcome = await searchInteraction(project, facts, layout, manifest, regression, results, workers);
    explained.push({ regression: outcome.regression, failing: outcome.failing });
  }
  const bisects: NightBisect[] = [];
  const byKey = new Map<string, NightBisect>();
  const regressions = [];
  for (const { regression, failing } of explained) {
    const bad = badRefOf(plannedVariantOf(manifest, results, regression.variant), regression.culprit ?? "");
    const key = `${regression.culprit}/${regression.job}/${regression.culprits.join("+")}`;
    const carried = known.get(regression.fingerprint);
    if (carried && !byKey.has(key)) {
      const night = carriedBisect(carried, regression);
      byKey.set(key, night);
      bisects.push(night);
    } else if (regression.culprit && bad && !byKey.has(key)) {
      const night = await bisectOne(project, layout, facts, regression, bad, failing, workers);
      byKey.set(key, night);
      bisects.push(night);
    }
    const bisect = byKey.get(key);
    // The pinned release built from source fails alike: the cause is the build, not main.
    const evidence = bisect?.cause === "build" ? { evidence: "build" as const } : {};
    regressions.push(bisect ? { ...regression, ...evidence, bisect } : regression);
  }
  return { regressions, bisects };
}

/**
 * The manifest's variant of a regression; for a stand-in made during the run (not in the
 * manifest), the variant it stands in for, which has the same versions of what it moves.
 */
function plannedVariantOf(
  manifest: Manifest,
  results: ResultRecord[],
  name: string,
): ManifestVariant | undefined {
  const planned = manifest.variants.find((v) => v.name === name);
  if (planned) return planned;
  const standIn = results.find((r) => r.variant === name) as { left_out?: { of?: string } } | undefined;
  return manifest.variants.find((v) => v.name === standIn?.left_out?.of);
}

/** Last night's culprit of the same breakage (same package, job and signature), not searched again. */
function carriedBisect(known: KnownBisect, regression: Regression): NightBisect {
  return {
    package: known.package,
    job: regression.job,
    variant: regression.variant,
    ...(known.with.length > 0 ? { with: known.with } : {}),
    status: "found",
    first_bad: known.ref,
    title: known.title,
    pr: known.pr,
    url: known.url,
    carried_from: known.run,
  };
}

async function bisectOne(
  project: Project,
  layout: RunLayout,
  facts: MachineFacts,
  regression: Regression,
  bad: string,
  failing: ManifestVariant | null,
  workers: number,
): Promise<NightBisect> {
  const culprit = regression.culprit as string;
  const others = regression.culprits.filter((c) => c !== culprit);
  const base = {
    package: culprit,
    job: regression.job,
    variant: regression.variant,
    ...(others.length > 0 ? { with: others } : {}),
  };
  try {
    const record = await bisectPackage(project, layout, facts, {
      package: culprit,
      bad,
      job: regression.job,
      variant: "pinned",
      ...(failing && others.length > 0
        ? {
            baseVariant: failing,
            note: `interaction: ${others.join(", ")} held at ${regression.variant}'s versions`,
          }
        : {}),
      workers,
    });
    return {
      ...base,
      status: record.status,
      reason: record.reason,
      first_bad: record.first_bad?.ref ?? null,
      title: record.first_bad?.title ?? null,
      pr: record.first_bad?.pr ?? null,
      url: record.first_bad?.url ?? null,
      ...(isSourceBuildCause(record) ? { cause: "build" as const } : {}),
    };
  } catch (error) {
    // A bisect the night cannot run (an upstream out of reach, a range the index lacks) is said in
    // the summary; a bug is not dressed up as one.
    if (!(error instanceof WorldError || error instanceof InputError)) throw error;
    return { ...base, status: `not run: ${error.message}`, first_bad: null, title: null };
  }
}
