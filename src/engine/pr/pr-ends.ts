/**
 * The two ends `matrix pr` compares: the pull request's head (`refs/pull/N/head`, or `--ref`, a
 * SHA or branch) and its base, the merge base of the head with the upstream branch, both as
 * exact SHAs from the package's cached mirror.
 */
import { ensureMirror, fetchRef, meetOnLine, resolveRef } from "../../adapters/git-mirror.js";
import type { TrackedPackage } from "../../core/matrix/model.js";
import { InputError } from "../../errors.js";

/** The head and the base of a pull request, resolved. */
export interface PrEnds {
  head: { ref: string; sha: string };
  base: { branch: string; sha: string };
}

/** Resolves the head (the pull request's, or `ref`) and its merge base with the package's branch. */
export async function resolvePrEnds(
  pkg: TrackedPackage & { repo: string },
  request: { pr: number | null; ref: string | null },
  cacheDir: string,
): Promise<PrEnds> {
  const mirror = await ensureMirror(pkg.repo, cacheDir);
  let head: PrEnds["head"];
  if (request.ref !== null) {
    // A branch of the upstream is in the mirror as refs/heads/<name>; a SHA may be on a pull ref only.
    if (request.pr !== null)
      await fetchRef(mirror, pkg.repo, `refs/pull/${request.pr}/head`, `refs/matrix/pull/${request.pr}`);
    head = { ref: request.ref, sha: await resolveRef(mirror, request.ref) };
  } else {
    const ref = `refs/pull/${request.pr}/head`;
    const sha = await fetchRef(mirror, pkg.repo, ref, `refs/matrix/pull/${request.pr}`);
    if (sha === null)
      throw new InputError(
        `--pr ${request.pr}: ${pkg.repo} has no ${ref} (is the number right? pass --ref to test a branch or SHA)`,
      );
    head = { ref, sha };
  }
  const tip = await resolveRef(mirror, `refs/heads/${pkg.branch}`);
  const base = await meetOnLine(mirror, head.sha, tip);
  if (base === null)
    throw new InputError(`${head.ref} (${head.sha}) shares no history with ${pkg.branch} of ${pkg.repo}`);
  return { head, base: { branch: pkg.branch, sha: base } };
}
