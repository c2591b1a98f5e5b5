/**
 * The worker environments of one bisect. The base (the variant with the bisected package at the
 * good endpoint) is an ordinary content-addressed cache entry, never changed; each worker slot
 * gets its own clone of it under `cacheDir/work/`, removed when the bisect ends. The constraint
 * files that hold the rest of the environment in place are written once, from the base.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { cloneEnvironment } from "../../adapters/clone-env.js";
import { writeFileAtomic } from "../../adapters/fs.js";
import { ensureEnvironment } from "../../adapters/python-env.js";
import { writeVariantFiles } from "../../adapters/requirements-files.js";
import { listDistributions } from "../../adapters/site-packages.js";
import { makeVariantFiles } from "../../core/variants/variant-files.js";
import { environmentSpecOf } from "../project/environment-spec.js";
import type { StepContext, Workers } from "./bisect-context.js";
import { editsFor, overridesOf, workerBaseOf } from "./bisect-install.js";
import { prepareSourceSteps } from "./bisect-source.js";

/** The workers, and how to remove their clones at the end. */
export interface PreparedWorkers {
  workers: Workers | null;
  /** Why there are none (the base could not be built), for the progress line. */
  reason: string | null;
  dispose: () => Promise<void>;
}

/** Builds (or reuses) the base environment and sets up lazy per-slot clones of it. */
export async function prepareWorkers(
  ctx: Omit<StepContext, "workers" | "wheelOf">,
): Promise<PreparedWorkers> {
  const folder = workerBaseOf(ctx);
  const good = ctx.candidates[0] as string;
  const written = makeVariantFiles(ctx.project.tree, editsFor(ctx, good));
  await writeVariantFiles(folder, written);
  const files = {
    requirementsFile: join(folder, "requirements.txt"),
    overridesFile: overridesOf(folder, written),
  };
  const done = ctx.progress.start(`bisect ${ctx.packageName}`, "worker environment");
  const base = await ensureEnvironment(environmentSpecOf(ctx.project, ctx.facts, files));
  done(
    base.status === "ok"
      ? base.reused
        ? "reused"
        : "built"
      : "cannot be built: one environment per candidate",
  );
  if (base.status !== "ok") return { workers: null, reason: base.excerpt, dispose: async () => {} };

  const dists = await listDistributions(base.envDir);
  const tracked = new Set(ctx.project.matrix.packages.map((p) => p.name));
  const line = (d: { name: string; version: string }) => `${d.name}==${d.version}\n`;
  const others = dists.filter((d) => d.name !== ctx.packageName);
  const constraints = { all: join(folder, "keep-all.txt"), tracked: join(folder, "keep-tracked.txt") };
  await writeFileAtomic(constraints.all, others.map(line).join(""));
  await writeFileAtomic(
    constraints.tracked,
    others
      .filter((d) => tracked.has(d.name))
      .map(line)
      .join(""),
  );

  const root = join(ctx.facts.cacheDir, "work", `${ctx.packageName}-${randomBytes(6).toString("hex")}`);
  const source =
    ctx.kind === "commits" && ctx.mirror
      ? await prepareSourceSteps({
          mirror: ctx.mirror,
          good,
          dist: dists.find((d) => d.name === ctx.packageName),
          root,
        })
      : null;
  if (source?.reason) ctx.progress.note(`bisect ${ctx.packageName}`, `wheels per commit: ${source.reason}`);
  const clones = new Map<number, Promise<string>>();
  const envOf = (slot: number) => {
    let clone = clones.get(slot);
    if (!clone) {
      const path = join(root, `slot-${slot}`);
      clone = cloneEnvironment(base.envDir, path).then(() => path);
      clones.set(slot, clone);
    }
    return clone;
  };
  return {
    workers: { envOf, installed: base.installed, constraints, source: source?.steps ?? null },
    reason: null,
    dispose: async () => {
      await source?.steps?.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}
