/**
 * Which breakages go upstream, and how. Only packages whose matrix entry says `file_upstream:
 * true` and whose repository is on GitHub, only breakages whose bisect found the first bad ref
 * (upstream maintainers need a commit or release, not a guess), at most one new issue per package
 * per night (the rest wait for the next night), and never a second issue for a fingerprint: an
 * issue that already carries the marker gets one comment from this project instead. Pure.
 */
import { gitHubRepoOf } from "../bisect/pr-link.js";
import type { Breakage, FilingDraft } from "./filing-model.js";
import { markerLine } from "./issue-markers.js";
import type { FilingNote } from "./plan-filing.js";

/** A tracked package as the matrix file declares it. */
export interface UpstreamPackage {
  name: string;
  repo: string | null;
  fileUpstream: boolean;
}

/** A breakage that may be filed upstream, with the repository to file it in. */
export interface UpstreamTarget {
  fingerprint: string;
  package: string;
  owner: string;
  name: string;
  title: string;
  draftBody: string;
  firstBad: string;
}

/** An issue upstream that carries the fingerprint; `mentionsUs`: this project already spoke there. */
export interface UpstreamFound {
  number: number;
  url: string;
  mentionsUs: boolean;
}

/** One upstream step. */
export type UpstreamAction =
  | { kind: "create"; target: UpstreamTarget; title: string; body: string }
  | { kind: "comment"; target: UpstreamTarget; number: number; url: string; comment: string };

/** The breakages of tonight's drafts that qualify for upstream filing, and why others do not. */
export function upstreamTargetsOf(
  drafts: FilingDraft[],
  breakages: Breakage[],
  packages: UpstreamPackage[],
): { targets: UpstreamTarget[]; notes: FilingNote[] } {
  const targets: UpstreamTarget[] = [];
  const notes: FilingNote[] = [];
  for (const draft of [...drafts].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))) {
    const bisect = breakages.find((b) => b.fingerprint === draft.fingerprint)?.bisect;
    if (bisect?.status !== "found" || !bisect.firstBad) continue;
    const pkg = packages.find((p) => p.name === bisect.package);
    const gh = pkg?.repo ? gitHubRepoOf(pkg.repo) : null;
    const skip = (why: string) =>
      notes.push({ fingerprint: draft.fingerprint, number: null, note: `not filed upstream: ${why}` });
    if (!pkg?.fileUpstream) skip(`${bisect.package} has no file_upstream: true`);
    else if (gh === null) skip(`the repo of ${bisect.package} is not on GitHub`);
    else {
      const { fingerprint, title, body } = draft;
      targets.push({
        fingerprint,
        package: pkg.name,
        owner: gh.owner,
        name: gh.name,
        title,
        draftBody: body,
        firstBad: bisect.firstBad,
      });
    }
  }
  return { targets, notes };
}

/**
 * Create where nothing carries the marker (one per package; later ones are deferred), comment
 * where an issue does and this project has not spoken there yet, else nothing. `tracking` gives
 * the own tracking issue's URL per fingerprint, quoted so upstream can follow the history.
 */
export function planUpstream(
  targets: UpstreamTarget[],
  found: Map<string, UpstreamFound | null>,
  origin: string,
  tracking: Map<string, string>,
): { actions: UpstreamAction[]; notes: FilingNote[] } {
  const actions: UpstreamAction[] = [];
  const notes: FilingNote[] = [];
  const creating = new Set<string>();
  for (const target of targets) {
    const existing = found.get(target.fingerprint) ?? null;
    const where = `${target.owner}/${target.name}`;
    const link = tracking.get(target.fingerprint);
    if (existing?.mentionsUs) {
      notes.push({
        fingerprint: target.fingerprint,
        number: null,
        note: `upstream ${existing.url} already tracks it`,
      });
    } else if (existing) {
      const text = `The nightly dependency matrix of ${origin} hits this too (first bad \`${target.firstBad}\`${link ? `; tracked in ${link}` : ""}).`;
      actions.push({
        kind: "comment",
        target,
        number: existing.number,
        url: existing.url,
        comment: `${text}\n\n${markerLine("from", origin)}\n`,
      });
    } else if (creating.has(target.package)) {
      notes.push({
        fingerprint: target.fingerprint,
        number: null,
        note: `upstream issue in ${where} deferred: one new issue per package per night`,
      });
    } else {
      creating.add(target.package);
      actions.push({
        kind: "create",
        target,
        title: target.title,
        body: upstreamBodyOf(target, origin, link),
      });
    }
  }
  return { actions, notes };
}

/** The draft, a line saying who filed it and where it is tracked, and the origin marker. */
export function upstreamBodyOf(
  target: UpstreamTarget,
  origin: string,
  trackingUrl: string | undefined,
): string {
  const footer = `Filed by the nightly dependency matrix of ${origin}${trackingUrl ? `; tracked in ${trackingUrl}` : ""}.`;
  return `${target.draftBody.trimEnd()}\n\n---\n${footer}\n\n${markerLine("from", origin)}\n`;
}
