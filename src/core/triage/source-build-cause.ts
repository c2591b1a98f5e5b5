/**
 * Source build versus wheel. An upstream variant builds the package from source; the pinned
 * variant installs the release wheel. When a commit bisect's good end (the pinned release, built
 * from its own tag the same way) fails with the bad end's very signature, while the pinned
 * wheel passes, main did not break anything: building from source fails on this runner (an
 * extension compiled with instructions this CPU lacks dies of SIGILL on import). The cause is
 * `build`, not a regression of main. Pure.
 */

/** The fields of a bisect record read here (`bisect/<package>--<job>.json`). */
export interface BuildCauseRecord {
  status: string;
  kind?: string;
  log?: ReadonlyArray<{ ref: string; verdict: string; signature?: string | null }>;
  good?: string;
  bad?: string;
}

/**
 * True when the record shows the pinned release built from source failing like main: a commit
 * bisect that ended `not-reproduced` because its good end failed, with the bad end's signature.
 * A good end that failed differently is some other old breakage, not this one.
 */
export function isSourceBuildCause(record: BuildCauseRecord): boolean {
  if (record.kind !== "commits" || record.status !== "not-reproduced") return false;
  const log = record.log ?? [];
  const good = record.good ?? log[0]?.ref;
  const signatureOf = (ref: string | undefined) =>
    log.find((l) => l.ref === ref && l.verdict !== "good" && l.signature)?.signature ?? null;
  const goodSignature = signatureOf(good);
  return goodSignature !== null && goodSignature === signatureOf(record.bad);
}

/** What the night says instead of "main breaks the job". */
export function describeBuildCause(pkg: string, pin: string | undefined): string {
  const release = pin
    ? `its pinned release (${pin}) built from source the same way`
    : "its pinned release built from source";
  return `${pkg} built from source fails on this runner, and so does ${release}, while the release wheel passes: the source build, not a regression of main`;
}
