/**
 * Writes a run's variants: resolves every latest release and upstream tip once (in parallel),
 * writes each variant's requirements and `manifest.json`. Unresolvable upstreams are recorded
 * in the manifest (`unresolved`), never fatal here: the caller decides what that means.
 */
import { basename, dirname, join, relative } from "node:path";
import pLimit from "p-limit";
import { writeRedactedJson } from "../../adapters/fs.js";
import { resolveBranch } from "../../adapters/git.js";
import { DEFAULT_INDEX_URL, fetchProjectFiles } from "../../adapters/index-client.js";
import { createProgress } from "../../adapters/progress.js";
import { writeVariantFiles } from "../../adapters/requirements-files.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { leaveOut } from "../../core/variants/leave-out.js";
import type { Manifest, ManifestVariant } from "../../core/variants/manifest.js";
import { editsOfPackages, planVariants, type Resolved } from "../../core/variants/plan-variants.js";
import { makeVariantFiles, OVERRIDES_FILE } from "../../core/variants/variant-files.js";
import { collectReleases, pickLatest } from "../../core/versions/collect-releases.js";
import { WorldError } from "../../errors.js";
import type { Project } from "../project/load-project.js";

/** Where to write: variant folders under `outDir`, the manifest at `manifestPath`. */
export interface VariantsTarget {
  outDir: string;
  manifestPath: string;
  runId: string;
}

/** The target inside a run folder (DESIGN.md's files on disk). */
export function targetInRun(layout: RunLayout): VariantsTarget {
  return { outDir: layout.variants, manifestPath: layout.manifest, runId: basename(layout.dir) };
}

/** Resolves, plans and writes every variant; returns the manifest written. */
export async function writeVariants(
  project: Project,
  target: VariantsTarget,
  now = new Date(),
): Promise<Manifest> {
  // Index and git lookups take seconds per package on a slow network: say what is waited for.
  const done = createProgress().start("variants", "resolving latest releases and upstream tips", {
    quietUnderMs: 3000,
  });
  const resolved = await resolveTargets(project);
  const failedCount = [...Object.values(resolved.latest), ...Object.values(resolved.upstream)].filter(
    (r) => !r.ok,
  ).length;
  done(failedCount ? `done, ${failedCount} not reachable` : "done");
  const plans = planVariants(project.variants, resolved);
  const manifestDir = join(target.manifestPath, "..");
  const manifest: Manifest = {
    version: 1,
    run: target.runId,
    created: now.toISOString(),
    matrix: { file: project.matrix.file, name: project.matrix.name },
    source: { kind: project.tree.kind, path: project.matrix.project.requirements },
    variants: [],
    skipped: project.skipped,
  };
  const taken = new Set(plans.map((p) => p.name));
  for (const [i, plan] of plans.entries()) {
    const moves = project.variants[i]?.packages ?? [];
    const { name, kind, packages, unresolved } = plan;
    const files =
      unresolved.length === 0
        ? await writePlannedFiles(project, join(target.outDir, name), manifestDir, plan.edits)
        : { requirements: null, overrides: null };
    manifest.variants.push({ name, kind, moves, ...files, packages, unresolved });
    // An -all variant with one upstream out of reach still tests the others together.
    const reason = unresolved.map((u) => `${u.package}: ${u.reason}`).join("; ");
    const left = unresolved.map((u) => u.package);
    const others =
      unresolved.length > 0
        ? leaveOut({ name, kind, moves, packages }, left, project.pins, reason, taken)
        : null;
    if (others === null) continue;
    taken.add(others.name);
    const dir = join(target.outDir, others.name);
    const written = await writePlannedFiles(project, dir, manifestDir, editsOfPackages(others.packages));
    manifest.variants.push({ ...others, ...written, unresolved: [] });
  }
  // Read back by every runner of the night: secrets masked, paths kept.
  await writeRedactedJson(target.manifestPath, manifest, process.env, { keepPaths: true });
  return manifest;
}

/** Writes a variant's files under `dir`; their paths relative to the manifest's folder. */
async function writePlannedFiles(
  project: Project,
  dir: string,
  manifestDir: string,
  edits: ReturnType<typeof editsOfPackages>,
): Promise<{ requirements: string; overrides: string | null }> {
  const files = makeVariantFiles(project.tree, edits);
  await writeVariantFiles(dir, files);
  return {
    requirements: relative(manifestDir, join(dir, "requirements.txt")),
    overrides: files.some((f) => f.relPath === OVERRIDES_FILE)
      ? relative(manifestDir, join(dir, OVERRIDES_FILE))
      : null,
  };
}

/** Looks up only what the variants need: newest releases for latest-*, tips for upstream-*. */
async function resolveTargets(project: Project): Promise<Resolved> {
  const resolved: Resolved = { pins: project.pins, latest: {}, upstream: {} };
  const limit = pLimit(4);
  const want = (kind: "latest" | "upstream") =>
    new Set(project.variants.filter((v) => v.kind === kind).flatMap((v) => v.packages));
  const index = project.matrix.index ?? DEFAULT_INDEX_URL;
  const jobs = [
    ...[...want("latest")].map((name) =>
      limit(async () => {
        resolved.latest[name] = await attempt(async () => {
          const latest = pickLatest(collectReleases(await fetchProjectFiles(index, name), name));
          return latest ? ok(latest) : failed(`no final release of ${name} on ${index}`);
        });
      }),
    ),
    ...project.matrix.packages
      .filter((p) => want("upstream").has(p.name) && p.repo)
      .map((p) =>
        limit(async () => {
          const repo = p.repo as string;
          resolved.upstream[p.name] = await attempt(async () => {
            const sha = await resolveBranch(repo, p.branch);
            return sha
              ? ok({ repo, branch: p.branch, sha })
              : failed(`branch ${p.branch} not found in ${repo}`);
          });
        }),
      ),
  ];
  await Promise.all(jobs);
  return resolved;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Attempt<T> => ({ ok: true, value });
const failed = <T>(reason: string): Attempt<T> => ({ ok: false, reason });

/**
 * An unreachable index or upstream leaves that variant unresolved (the night goes on and shows
 * it as infra-error); a package the index does not know (InputError) or a bug propagates, so
 * `variants`, `run` and `nightly` exit 2 (or 70) alike rather than report it as the world's fault.
 */
async function attempt<T>(fn: () => Promise<Attempt<T>>): Promise<Attempt<T>> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof WorldError) return failed(error.message);
    throw error;
  }
}

/**
 * Writes a variant the night makes on the way (an interaction subset, a companion) beside the
 * planned ones, and returns it as a manifest variant so it runs like them. Its packages say what
 * it installs; the files are written from the pinned tree with those packages' edits.
 */
export async function writeExtraVariant(
  project: Project,
  layout: RunLayout,
  spec: Pick<ManifestVariant, "name" | "kind" | "moves" | "packages"> &
    Pick<Partial<ManifestVariant>, "left_out">,
): Promise<ManifestVariant> {
  const dir = join(layout.variants, spec.name);
  const files = makeVariantFiles(project.tree, editsOfPackages(spec.packages));
  await writeVariantFiles(dir, files);
  const manifestDir = dirname(layout.manifest);
  return {
    ...spec,
    requirements: relative(manifestDir, join(dir, "requirements.txt")),
    overrides: files.some((f) => f.relPath === OVERRIDES_FILE)
      ? relative(manifestDir, join(dir, OVERRIDES_FILE))
      : null,
    unresolved: [],
  };
}
