/**
 * The explain stage leaves one `bisect/<package>--<job>.json` per bisect (in `matrix nightly` as
 * on the bisect jobs of a night split over runners); the conclude stage attaches each record to
 * the regressions it explains, and a breakage the history already explained (`known`) gets the
 * earlier night's answer, so drafts and issues carry the culprit either way. Pure.
 */
import type { KnownBisect } from "../history/known-bisects.js";
import { isSourceBuildCause } from "./source-build-cause.js";

/** The fields of a bisect record read here (`bisect/<package>--<job>.json`). */
export interface BisectRecordInput {
  status: string;
  /** Why the bisect ended as it did ("good endpoint fails too: ..."); null when it found one. */
  reason?: string | null;
  package: string;
  job: string;
  first_bad?: { ref: string; title?: string | null; pr?: number | null; url?: string | null } | null;
  note?: string;
  kind?: string;
  good?: string;
  bad?: string;
  log?: ReadonlyArray<{ ref: string; verdict: string; signature?: string | null }>;
}

/** The fields of a regression read here. */
export interface AttachableRegression {
  variant: string;
  job: string;
  culprit?: string | null;
  culprits: string[];
}

/** One bisect of a night as the summary lists it: `matrix nightly` and a split night's triage alike. */
export interface NightBisect {
  package: string;
  job: string;
  variant: string;
  status: string;
  /** The bisect record's own `reason`: why it ended without a first bad ref (null: nothing to say). */
  reason?: string | null;
  first_bad: string | null;
  title: string | null;
  /** The first bad ref's pull request and its link (PR, or compare view), when the bisect found one. */
  pr?: number | null;
  url?: string | null;
  /** For an interaction: the other members, held at their new versions. */
  with?: string[];
  /** The earlier night whose bisect found this culprit (not bisected again tonight). */
  carried_from?: string;
  /**
   * `build`: the pinned release built from source fails like the bad end (`isSourceBuildCause`):
   * the source build fails on this runner, main broke nothing.
   */
  cause?: "build";
}

/**
 * Each regression with the record of its (culprit, job), else the earlier night's answer that
 * `carried` gives it, and the bisects so attached, once each.
 */
export function attachBisects<R extends AttachableRegression>(
  regressions: readonly R[],
  records: readonly BisectRecordInput[],
  carried: (regression: R) => KnownBisect | null = () => null,
): { regressions: Array<R & { bisect?: NightBisect }>; bisects: NightBisect[] } {
  const bisects: NightBisect[] = [];
  const out = regressions.map((r) => {
    const culprit = r.culprit ?? r.culprits[0];
    const record = records.find((b) => b.package === culprit && b.job === r.job);
    const known = record ? null : carried(r);
    if (!record && !known) return r;
    const others = r.culprits.filter((c) => c !== culprit);
    const bisect: NightBisect = record
      ? {
          package: record.package,
          job: record.job,
          variant: r.variant,
          ...(others.length > 0 ? { with: others } : {}),
          status: record.status,
          reason: record.reason ?? null,
          first_bad: record.first_bad?.ref ?? null,
          title: record.first_bad?.title ?? null,
          pr: record.first_bad?.pr ?? null,
          url: record.first_bad?.url ?? null,
          ...(isSourceBuildCause(record) ? { cause: "build" as const } : {}),
        }
      : carriedBisect(known as KnownBisect, r);
    // One record can explain several variants' regressions; the summary lists the bisect once.
    if (!bisects.some((b) => b.package === bisect.package && b.job === bisect.job)) bisects.push(bisect);
    // A source build that fails on this runner is no regression of main: the evidence says so.
    return bisect.cause === "build" ? { ...r, evidence: "build", bisect } : { ...r, bisect };
  });
  return { regressions: out, bisects };
}

/** An earlier night's answer to the same breakage (same package, job and signature), not searched again. */
function carriedBisect(known: KnownBisect, regression: AttachableRegression): NightBisect {
  return {
    package: known.package,
    job: regression.job,
    variant: regression.variant,
    ...(known.with.length > 0 ? { with: known.with } : {}),
    status: known.status,
    first_bad: known.ref,
    title: known.title,
    pr: known.pr,
    url: known.url,
    carried_from: known.run,
  };
}
