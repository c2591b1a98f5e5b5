/**
 * What a bisect searches: a release range on the index (PEP 440 order, pre-releases and yanked
 * left out) or a first-parent commit range of an upstream mirror. Refs given as versions on the
 * index mean releases; SHAs or branches mean commits.
 */
import { ensureMirror, listFirstParent, resolveRef } from "../adapters/git-mirror.js";
import { DEFAULT_INDEX_URL, fetchProjectFiles } from "../adapters/index-client.js";
import type { TrackedPackage } from "../core/matrix/model.js";
import { collectReleases, listAvailableVersions, pickLatest } from "../core/versions/collect-releases.js";
import { compareVersions, isFinalRelease, normalizeVersion } from "../core/versions/order-versions.js";
import { InputError, inputErrorAt } from "../errors.js";

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
}

const SHA = /^[0-9a-f]{7,40}$/i;

/** The exact version a pin line names (`pkg==1.2.3`), or null for ranges and URLs. */
export function pinnedVersionOf(pin: string): string | null {
  return /={2,3}\s*([0-9][^\s,;#]*)/.exec(pin)?.[1] ?? null;
}

/** The commit a `pkg @ git+URL@sha` pin names, or null. */
export function pinnedShaOf(pin: string): string | null {
  return /@\s*git\+\S+@([0-9a-f]{7,40})\b/i.exec(pin)?.[1] ?? null;
}

/** Decides the kind and lists the candidates between good and bad. */
export async function findBisectRange(opts: {
  pkg: TrackedPackage;
  pin: string;
  good?: string;
  bad?: string;
  index: string | null;
  cacheDir: string;
}): Promise<BisectRange> {
  const { pkg, pin, good, bad } = opts;
  const wantsCommits = [good, bad].some((r) => r !== undefined && SHA.test(r)) || pinnedShaOf(pin) !== null;
  if (!wantsCommits) {
    const index = opts.index ?? DEFAULT_INDEX_URL;
    const releases = collectReleases(await fetchProjectFiles(index, pkg.name), pkg.name);
    const finals = listAvailableVersions(releases).filter(isFinalRelease);
    const onIndex = (v: string | null | undefined) => v != null && finals.includes(normalizeVersion(v) ?? v);
    const lo = good ?? pinnedVersionOf(pin);
    const hi = bad ?? pickLatest(releases);
    if (onIndex(lo) && onIndex(hi)) {
      const from = normalizeVersion(lo as string) as string;
      const to = normalizeVersion(hi as string) as string;
      if (compareVersions(from, to) >= 0)
        throw new InputError(
          `${pkg.pos.file}:${pkg.pos.line}:${pkg.pos.col}: good ${from} is not older than bad ${to} for ${pkg.name}; pass --good and --bad`,
        );
      const candidates = finals.filter((v) => compareVersions(v, from) >= 0 && compareVersions(v, to) <= 0);
      return {
        kind: "releases",
        repo: null,
        candidates: candidates.map((v) => ({ ref: v, title: `${pkg.name} ${v}`, author: null, date: null })),
      };
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
  const goodSha = await resolveGood(mirror, pkg, pin, good);
  const badSha = await resolveRef(mirror, bad ?? pkg.branch);
  const commits = await listFirstParent(mirror, goodSha, badSha);
  return {
    kind: "commits",
    repo: pkg.repo,
    candidates: commits.map((c) => ({ ref: c.sha, title: c.title, author: c.author, date: c.date })),
  };
}

/** --good, else the pinned SHA, else the release tag of the pinned version (`v1.2.3` or `1.2.3`). */
async function resolveGood(mirror: string, pkg: TrackedPackage, pin: string, good?: string): Promise<string> {
  if (good) return resolveRef(mirror, good);
  const sha = pinnedShaOf(pin);
  if (sha) return resolveRef(mirror, sha);
  const version = pinnedVersionOf(pin);
  for (const tag of version ? [`v${version}`, version] : []) {
    const found = await resolveRef(mirror, tag).catch(() => null);
    if (found) return found;
  }
  throw inputErrorAt(
    pkg.pos,
    `no good commit for ${pkg.name}: its pin (${pin}) has no SHA and no release tag in ${pkg.repo}; pass --good SHA`,
  );
}
