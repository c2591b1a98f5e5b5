/**
 * Nothing between smokes: a commit of a pure-Python package whose metadata files did not change
 * since the good end goes into a worker's environment as its source tree (a worktree of the
 * mirror on a `.pth` path), not as a wheel. No build backend runs and no installer starts; a step
 * checks out the changed files. A wheel is built only when the package has compiled parts or
 * files the build writes (`planSourceLayout` says so once, from the good end's installed wheel),
 * or when the commit changed what the build reads (`buildInputsChanged`: the metadata files, an
 * in-tree backend, compiled sources; then its declared dependencies may differ, and the installer
 * must see them). A slot that took a wheel goes back to its source tree for the next commit that
 * fits, with the good end's metadata copied back from the base environment.
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
  /** Whether the commit can go in as its source tree (what its build reads is the good end's). */
  fits(sha: string): Promise<boolean>;
  /** Puts the commit's tree into the slot's environment (after a wheel, in place of it). */
  place(slot: number, envDir: string, sha: string): Promise<{ ok: true } | { ok: false; output: string }>;
  /** The slot is about to take a wheel: its source path goes (until the next `place`). */
  leave(slot: number, envDir: string): Promise<void>;
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

function makeSteps(req: SourceRequest, layout: SourceLayout): SourceSteps {
  const fitting = new Map<string, Promise<boolean>>();
  const slots = new Map<number, "source" | "wheels">();
  const worktrees = new Set<number>();
  const dirOf = (slot: number) => join(req.root, `src-${slot}`);
  const base = req.dist as InstalledDistribution;
  return {
    fits(sha) {
      let known = fitting.get(sha);
      if (!known) {
        known = changedPaths(req.mirror, req.good, sha, BUILD_INPUT_PATHSPECS).then(
          (changed) => changed !== null && buildInputsChanged(changed, layout).length === 0,
        );
        fitting.set(sha, known);
      }
      return known;
    },
    async place(slot, envDir, sha) {
      const mode = slots.get(slot);
      const checkout = await checkoutSource(req.mirror, dirOf(slot), sha, !worktrees.has(slot));
      if (!checkout.ok) return { ok: false, output: checkout.output };
      worktrees.add(slot);
      if (mode === "source") return { ok: true };
      // Back from a wheel: the wheel's files and metadata go, the good end's metadata comes back.
      if (mode === "wheels") await restoreDistInfo(envDir, base.name, base.distInfo, layout.topLevel);
      await putSourceOnPath(envDir, layout.topLevel, join(dirOf(slot), layout.importRoot));
      slots.set(slot, "source");
      return { ok: true };
    },
    async leave(slot, envDir) {
      if (slots.get(slot) === "source") await takeSourceOffPath(envDir);
      slots.set(slot, "wheels");
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
