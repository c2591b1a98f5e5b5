/**
 * The two variants of `matrix pr`, `pr-base` and `pr-head`: the pinned requirements with only the
 * package moved, to the pull request's base and to its head (exact SHAs, `git+URL@sha`), written
 * into the run folder with a manifest, so `matrix run --run DIR` can run either again.
 */
import { basename } from "node:path";
import { writeRedactedJson } from "../../adapters/fs.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import type { TrackedPackage } from "../../core/matrix/model.js";
import type { Manifest, ManifestVariant } from "../../core/variants/manifest.js";
import { makeGitUrl, type PackageState } from "../../core/variants/plan-variants.js";
import type { Project } from "../project/load-project.js";
import { writeExtraVariant } from "../variants/write-variants.js";
import type { PrEnds } from "./pr-ends.js";

/** Writes `pr-base` and `pr-head` and the run's manifest; returns both variants. */
export async function writePrVariants(
  project: Project,
  layout: RunLayout,
  pkg: TrackedPackage & { repo: string },
  ends: PrEnds,
  now = new Date(),
): Promise<{ base: ManifestVariant; head: ManifestVariant }> {
  const pinned: Record<string, PackageState> = Object.fromEntries(
    Object.entries(project.pins).map(([name, requirement]) => [name, { source: "pinned", requirement }]),
  );
  const at = (branch: string, sha: string): Record<string, PackageState> => ({
    ...pinned,
    [pkg.name]: { source: "upstream", repo: pkg.repo, branch, sha, url: makeGitUrl(pkg.repo, sha) },
  });
  const spec = (name: string, packages: Record<string, PackageState>) => ({
    name,
    kind: "upstream" as const,
    moves: [pkg.name],
    packages,
  });
  const base = await writeExtraVariant(project, layout, spec("pr-base", at(ends.base.branch, ends.base.sha)));
  const head = await writeExtraVariant(project, layout, spec("pr-head", at(ends.head.ref, ends.head.sha)));
  const manifest: Manifest = {
    version: 1,
    run: basename(layout.dir),
    created: now.toISOString(),
    matrix: { file: project.matrix.file, name: project.matrix.name },
    source: { kind: project.tree.kind, path: project.matrix.project.requirements },
    variants: [base, head],
    skipped: project.skipped,
  };
  // Read back by the side jobs: secrets masked like every run-folder file, paths kept.
  await writeRedactedJson(layout.manifest, manifest, process.env, { keepPaths: true });
  return { base, head };
}
