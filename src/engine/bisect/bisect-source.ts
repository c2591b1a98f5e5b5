/**
 * Nothing between smokes: a commit of a pure-Python package whose metadata files did not change
 * since the good end goes into a worker's environment as its source tree (a worktree of the
 * mirror on a `.pth` path), not as a wheel. No build backend runs and no installer starts; a step
 * checks out the changed files. A wheel is built only when the package has compiled parts or
 * files the build writes (`planSourceLayout` says so once, from the good end's installed wheel),
 * or when the commit changed what the build reads (`buildInputsChanged`: the metadata files, an
 * in-tree backend, compiled sources; then its declared dependencies may differ, and the installer
 * must see them). A slot that took a wheel goes back to its source tree for the next commit that
 * fits: with that wheel's metadata when the commit's build reads what the wheel's did (past a
 * version bump, every commit would build a wheel otherwise), else with the good end's, copied
 * back from the base environment.
 */
import { basename, join } from "node:path";
import { readTextIfPresent } from "../../adapters/fs.js";
import type { InstalledDistribution } from "../../adapters/site-packages.js";
import {
  changedPaths,
  changedPathsPerCommit,
  checkoutSource,
  listTreeFiles,
  putSourceOnPath,
  removeSource,
  restoreDistInfo,
  takeSourceOffPath,
} from "../../adapters/source-checkout.js";
import {
  BUILD_INPUT_PATHSPECS,
  buildInputsChanged,
  changesInstall,
  installPathspecs,
  planSourceLayout,
  type SourceLayout,
} from "../../core/bisect/source-layout.js";

/** Source-tree steps of one bisect. */
export interface SourceSteps {
  /**
   * Whether the commit can go in as its source tree: its build reads what the build of the
   * metadata it would go with read (the good end's, or the last wheel's the slot took). Without
   * a slot: with any slot (what the wheel prefetch asks).
   */
  fits(sha: string, slot?: number): Promise<boolean>;
  /** Puts the commit's tree into the slot's environment (after a wheel, in place of it). */
  place(slot: number, envDir: string, sha: string): Promise<{ ok: true } | { ok: false; output: string }>;
  /** The slot is about to take a wheel: its source path goes (until the next `place`). */
  leave(slot: number, envDir: string): Promise<void>;
  /** The slot took the commit's wheel: later commits whose build reads the same go with its metadata. */
  took(slot: number, sha: string): void;
  /**
   * The candidates (first-parent commits, oldest first) that install the files of the commit
   * before them: they changed nothing of the package and nothing its build reads.
   */
  findInert(candidates: readonly string[]): Promise<string[]>;
  /** Removes the worktrees. */
  dispose(): Promise<void>;
}

/** What deciding needs: the mirror, the good end, the installed distribution, where worktrees go. */
export interface SourceRequest {
  mirror: string;
  good: string;
  dist: InstalledDistribution | undefined;
  root: string;
}

/** The source steps, or why a bisect builds wheels instead. */
export async function prepareSourceSteps(
  req: SourceRequest,
): Promise<{ steps: SourceSteps; reason: null } | { steps: null; reason: string }> {
  if (!req.dist) return { steps: null, reason: "the package is not installed in the base environment" };
  const read = (file: string) =>
    readTextIfPresent(join(req.dist?.distInfo ?? "", file)).then((text) => text ?? "");
  const [record, wheel, files] = await Promise.all([
    read("RECORD"),
    read("WHEEL"),
    listTreeFiles(req.mirror, req.good),
  ]);
  if (files === null) return { steps: null, reason: `git cannot list ${req.good}` };
  const plan = planSourceLayout({ distInfo: basename(req.dist.distInfo), record, wheel, files });
  if (!plan.ok) return { steps: null, reason: plan.reason };
  return { steps: makeSteps(req, plan.layout), reason: null };
}

/**
 * What a slot's environment holds: the package's metadata (`*.dist-info`) of `anchor` (null:
 * unknown, after a wheel install that failed), with either the source tree on its path or
 * `anchor`'s own wheel installed. A fresh slot holds the base's install of the good end.
 */
interface SlotHolds {
  mode: "source" | "wheels";
  anchor: string | null;
}

function makeSteps(req: SourceRequest, layout: SourceLayout): SourceSteps {
  const same = new Map<string, Promise<boolean>>();
  const slots = new Map<number, SlotHolds>();
  const worktrees = new Set<number>();
  const dirOf = (slot: number) => join(req.root, `src-${slot}`);
  const base = req.dist as InstalledDistribution;
  const holds = (slot: number): SlotHolds => slots.get(slot) ?? { mode: "wheels", anchor: req.good };
  /** Whether the build reads the same at both commits (then they install the same metadata). */
  const sameBuild = (from: string | null, sha: string): Promise<boolean> => {
    if (from === null) return Promise.resolve(false);
    const key = `${from}..${sha}`;
    let known = same.get(key);
    if (!known) {
      known = changedPaths(req.mirror, from, sha, BUILD_INPUT_PATHSPECS).then(
        (changed) => changed !== null && buildInputsChanged(changed, layout).length === 0,
      );
      same.set(key, known);
    }
    return known;
  };
  /** The metadata the commit's tree goes with in `slot`: the slot's own, else the good end's. */
  const anchorFor = async (slot: number, sha: string): Promise<string | null> => {
    const { anchor } = holds(slot);
    if (anchor !== req.good && (await sameBuild(anchor, sha))) return anchor;
    return (await sameBuild(req.good, sha)) ? req.good : null;
  };
  return {
    async fits(sha, slot) {
      if (slot !== undefined) return (await anchorFor(slot, sha)) !== null;
      const anchors = new Set([req.good, ...[...slots.values()].map((h) => h.anchor)]);
      const fitting = await Promise.all([...anchors].map((anchor) => sameBuild(anchor, sha)));
      return fitting.some(Boolean);
    },
    async place(slot, envDir, sha) {
      const now = holds(slot);
      const anchor = await anchorFor(slot, sha);
      if (anchor === null)
        return { ok: false, output: `${sha}: its build reads files the slot's metadata was not built from` };
      const checkout = await checkoutSource(req.mirror, dirOf(slot), sha, !worktrees.has(slot));
      if (!checkout.ok) return { ok: false, output: checkout.output };
      worktrees.add(slot);
      if (now.mode === "source" && now.anchor === anchor) return { ok: true };
      // Another commit's metadata in the slot: it goes, and the good end's comes back from the base.
      if (now.anchor !== anchor) await restoreDistInfo(envDir, base.name, base.distInfo, layout.topLevel);
      // Otherwise the slot has the anchor's wheel: its files go, its metadata stays.
      await putSourceOnPath(envDir, layout.topLevel, join(dirOf(slot), layout.importRoot));
      slots.set(slot, { mode: "source", anchor });
      return { ok: true };
    },
    async leave(slot, envDir) {
      if (holds(slot).mode === "source") await takeSourceOffPath(envDir);
      slots.set(slot, { mode: "wheels", anchor: null });
    },
    took(slot, sha) {
      slots.set(slot, { mode: "wheels", anchor: sha });
    },
    async findInert(candidates) {
      const first = candidates[0];
      const last = candidates[candidates.length - 1];
      if (first === undefined || last === undefined) return [];
      const changed = await changedPathsPerCommit(req.mirror, first, last, installPathspecs(layout));
      if (changed === null) return [];
      return candidates.slice(1).filter((sha) => !changesInstall(changed.get(sha) ?? [], layout));
    },
    async dispose() {
      await Promise.all([...worktrees].map((slot) => removeSource(req.mirror, dirOf(slot))));
    },
  };
}
