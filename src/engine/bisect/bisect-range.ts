/**
 * What a bisect searches: a release range on the index (PEP 440 order, pre-releases and yanked
 * left out) or a first-parent commit range of an upstream mirror. Refs given as versions on the
 * index mean releases; SHAs or branches mean commits. A version that is not on the index is the
 * user's typo, not an unreachable upstream: it is said so, with the nearest releases.
 */
import { ensureMirror, listFirstParent, meetOnLine, resolveRef } from "../../adapters/git-mirror.js";
import { DEFAULT_INDEX_URL, fetchProjectFiles } from "../../adapters/index-client.js";
import type { TrackedPackage } from "../../core/matrix/model.js";
import type { PinFacts } from "../../core/requirements/describe-pin.js";
import { collectReleases, listAvailableVersions, pickLatest } from "../../core/versions/collect-releases.js";
import { looksLikeVersion, nearestVersions } from "../../core/versions/nearest-versions.js";
import { compareVersions, isFinalRelease, normalizeVersion } from "../../core/versions/order-versions.js";
import { InputError, inputErrorAt } from "../../errors.js";

/** One candidate with what a maintainer reads about it. */
export interface Candidate {
  ref: string;
  title: string;
  author: string | null;
  date: string | null;
}

/** The range to search, oldest (good) first. */
export interface BisectRange {
  kind: "releases" | "commits";
  candidates: Candidate[];
  /** The upstream for commit ranges; null for releases. */
  repo: string | null;
  /** The cached mirror of `repo` (commit ranges), where candidates' wheels are built from. */
  mirror: string | null;
}

const SHA = /^[0-9a-f]{7,40}$/i;

/** Decides the kind and lists the candidates between good and bad. */
export async function findBisectRange(opts: {
  pkg: TrackedPackage;
  pin: PinFacts;
  good?: string;
  bad?: string;
  index: string | null;
  cacheDir: string;
}): Promise<BisectRange> {
  const { pkg, pin, good, bad } = opts;
  const isSha = (r: string | undefined) => r !== undefined && SHA.test(r) && !looksLikeVersion(r);
  const wantsCommits = isSha(good) || isSha(bad) || pin.sha !== null;
  if (!wantsCommits) {
    const index = opts.index ?? DEFAULT_INDEX_URL;
    const releases = collectReleases(await fetchProjectFiles(index, pkg.name), pkg.name);
    const finals = listAvailableVersions(releases).filter(isFinalRelease);
    const onIndex = (v: string | null | undefined) => v != null && finals.includes(normalizeVersion(v) ?? v);
    const lo = good ?? pin.version;
    const hi = bad ?? pickLatest(releases);
    if (onIndex(lo) && onIndex(hi)) return releaseRange(pkg, finals, lo as string, hi as string);
    // A version the user typed that the index lacks: exit 2 with the nearest releases.
    for (const [flag, ref] of [
      ["--good", good],
      ["--bad", bad],
    ] as const) {
      if (ref !== undefined && looksLikeVersion(ref) && !onIndex(ref))
        throw new InputError(
          `${flag} ${ref}: not a final release of ${pkg.name} on ${index}; nearest: ${nearestVersions(ref, finals).join(", ") || "none"}`,
        );
    }
    if (!pkg.repo)
      throw inputErrorAt(
        pkg.pos,
        `${lo ?? "?"}..${hi ?? "?"} are not releases of ${pkg.name} on ${index} and packages.${pkg.name} has no repo for a commit bisect`,
      );
  }
  if (!pkg.repo)
    throw inputErrorAt(
      pkg.pos,
      `a commit bisect of ${pkg.name} needs packages.${pkg.name}.repo (the upstream git URL)`,
    );
  const mirror = await ensureMirror(pkg.repo, opts.cacheDir);
  const [badSha, resolvedGood] = await Promise.all([
    resolveTagged(mirror, bad ?? pkg.branch),
    resolveGood(mirror, pkg, pin, good),
  ]);
  let goodSha = resolvedGood;
  // A pinned release's tag usually sits on a release branch (a version bump, a cherry-pick),
  // not on main: the history to search starts where that branch was cut from main.
  if (!good || looksLikeVersion(good)) goodSha = (await meetOnLine(mirror, goodSha, badSha)) ?? goodSha;
  const commits = await listFirstParent(mirror, goodSha, badSha);
  return {
    kind: "commits",
    repo: pkg.repo,
    mirror,
    candidates: commits.map((c) => ({ ref: c.sha, title: c.title, author: c.author, date: c.date })),
  };
}

function releaseRange(pkg: TrackedPackage, finals: string[], lo: string, hi: string): BisectRange {
  const from = normalizeVersion(lo) as string;
  const to = normalizeVersion(hi) as string;
  if (compareVersions(from, to) >= 0)
    throw new InputError(
      `${pkg.pos.file}:${pkg.pos.line}:${pkg.pos.col}: good ${from} is not older than bad ${to} for ${pkg.name}; pass --good and --bad`,
    );
  const candidates = finals.filter((v) => compareVersions(v, from) >= 0 && compareVersions(v, to) <= 0);
  return {
    kind: "releases",
    repo: null,
    mirror: null,
    candidates: candidates.map((v) => ({ ref: v, title: `${pkg.name} ${v}`, author: null, date: null })),
  };
}

/** A ref as given, or for a version its release tag (`v1.2.3` or `1.2.3`). */
async function resolveTagged(mirror: string, ref: string): Promise<string> {
  if (looksLikeVersion(ref)) {
    for (const tag of [`v${ref.replace(/^v/, "")}`, ref.replace(/^v/, "")]) {
      const found = await resolveRef(mirror, tag).catch(() => null);
      if (found) return found;
    }
  }
  return resolveRef(mirror, ref);
}

/** --good, else the pinned SHA, else the release tag of the pinned version. */
async function resolveGood(
  mirror: string,
  pkg: TrackedPackage,
  pin: PinFacts,
  good?: string,
): Promise<string> {
  if (good) return resolveTagged(mirror, good);
  if (pin.sha) return resolveRef(mirror, pin.sha);
  if (pin.version) {
    const found = await resolveTagged(mirror, pin.version).catch(() => null);
    if (found) return found;
  }
  throw inputErrorAt(
    pkg.pos,
    `no good commit for ${pkg.name}: its pin (${pin.text}) has no SHA and no release tag in ${pkg.repo}; pass --good SHA`,
  );
}
