/**
 * What a bisect already knows about its candidates: the verdict cache (adapters/verdict-cache.ts)
 * under keys that name the package at a ref, the job, how the package was installed and the
 * environment around it. A bisect recalls a verdict before it runs a smoke, and remembers every
 * decisive one it measures, so no later bisect (tomorrow's, another job's base, a resumed one, the
 * `build` cause's source build of a release) runs that smoke again.
 *
 * The environment's part of the key is the key of the candidate's variant with the package's own
 * line at a placeholder: the night's cell of `upstream-<pkg>` at a SHA and a bisect step at that
 * SHA over `pinned` share it, which is what lets the night hand its bad end over.
 */
import { join } from "node:path";
import { environmentKeyOf } from "../../adapters/python-env.js";
import { hashProjectFiles } from "../../adapters/python-project.js";
import { writeVariantFiles } from "../../adapters/requirements-files.js";
import { type CachedVerdict, readCachedVerdict, writeCachedVerdict } from "../../adapters/verdict-cache.js";
import type { BisectState, RefVerdict } from "../../core/bisect/bisect-state.js";
import { nextRound } from "../../core/bisect/next-round.js";
import { recordVerdicts } from "../../core/bisect/record-verdicts.js";
import { verdictKeyOf } from "../../core/bisect/verdict-key.js";
import { type Outcome, verdictOf } from "../../core/bisect/verdict-of.js";
import { makeVariantFiles } from "../../core/variants/variant-files.js";
import { normalizeVersion } from "../../core/versions/order-versions.js";
import { environmentSpecOf } from "../project/environment-spec.js";
import type { StepContext } from "./bisect-context.js";
import { editsFor } from "./bisect-install.js";

/**
 * Where the verdicts of one package and job live: the step context's own fields (its `base` is the
 * variant the other packages come from; `dir` the run folder where the placeholder variant is written).
 */
export type VerdictScope = Pick<
  StepContext,
  "project" | "facts" | "job" | "base" | "packageName" | "kind" | "repo" | "dir"
>;

/** The remembered verdicts of one scope. */
export interface VerdictMemory {
  /** The outcome measured before for the package at `ref`, or null. */
  recall(ref: string): Promise<Outcome | null>;
  /** Remembers a decisive outcome (pass, or a failure with its signature); others are dropped. */
  remember(ref: string, outcome: Outcome, from: string): Promise<void>;
}

/** A placeholder ref of the right shape: a version or a full SHA that no real candidate has. */
function placeholderOf(kind: VerdictScope["kind"]): string {
  return kind === "releases" ? "0.0.0.dev0" : "0".repeat(40);
}

/** Opens the memory of `scope` (computes the environment's part of the key once). */
export async function openVerdictMemory(scope: VerdictScope): Promise<VerdictMemory> {
  const folder = join(scope.dir, "verdict-env");
  const files = makeVariantFiles(scope.project.tree, editsFor(scope, placeholderOf(scope.kind)));
  await writeVariantFiles(folder, files);
  const environment = await environmentKeyOf(
    environmentSpecOf(scope.project, scope.facts, {
      requirementsFile: join(folder, "requirements.txt"),
      overridesFile: scope.project.tree.kind === "pyproject" ? join(folder, "overrides.txt") : null,
    }),
  );
  const jobFiles = await hashProjectFiles(scope.job.cwd, [scope.facts.reportsDir, scope.facts.cacheDir]);
  const keyOf = (ref: string) =>
    verdictKeyOf({
      package: scope.packageName,
      ref,
      job: scope.job,
      install: scope.kind === "releases" ? "release" : "source",
      environment,
      files: jobFiles,
    });
  const cacheDir = scope.facts.cacheDir;
  return {
    async recall(ref) {
      const known = await readCachedVerdict(cacheDir, keyOf(ref));
      return known ? { status: known.status, signature: known.signature } : null;
    },
    async remember(ref, outcome, from) {
      if (outcome.status !== "pass" && outcome.status !== "fail") return;
      const verdict: CachedVerdict = {
        package: scope.packageName,
        ref,
        job: scope.job.name,
        status: outcome.status,
        signature: outcome.status === "pass" ? null : outcome.signature,
        from,
        recorded: new Date().toISOString(),
      };
      // A cache that cannot be written costs a smoke run later, never this bisect.
      await writeCachedVerdict(cacheDir, keyOf(ref), verdict).catch(() => undefined);
    },
  };
}

/** A verdict the caller knows already: the night's cell ran this ref with this job. */
export interface KnownOutcome {
  ref: string;
  outcome: Outcome;
}

/**
 * Records the caller's known outcomes (source `night`) for refs among the candidates that have no
 * verdict yet, and remembers them for later bisects; `from` says which night.
 */
export async function seedKnown(
  state: BisectState,
  known: readonly KnownOutcome[],
  memory: VerdictMemory,
  from: string,
): Promise<BisectState> {
  const seeds: RefVerdict[] = [];
  for (const k of known) {
    const ref = state.candidates.find((c) => sameRef(c, k.ref));
    if (ref === undefined || state.verdicts[ref] !== undefined) continue;
    seeds.push({ ref, ...verdictOf(k.outcome, state.badSignature), seconds: null, source: "night" });
    await memory.remember(ref, k.outcome, from);
  }
  return recordVerdicts(state, seeds);
}

/**
 * Records, for as long as the next round asks for refs the cache knows, those verdicts (source
 * `cache`, no smoke run), and returns the state whose next round needs real runs (or none).
 * `prepare` runs before each round is asked for (the suspects, found once they can be).
 */
export async function recallKnown(
  state: BisectState,
  memory: VerdictMemory,
  prepare: (state: BisectState) => Promise<BisectState> = async (s) => s,
): Promise<BisectState> {
  for (;;) {
    // What orders the search (its suspects, once the bad end's signature is known) comes first:
    // the refs recalled are the ones the search asks for.
    state = await prepare(state);
    const known: RefVerdict[] = [];
    for (const ref of nextRound(state)) {
      const outcome = await memory.recall(ref);
      if (outcome)
        known.push({ ref, ...verdictOf(outcome, state.badSignature), seconds: null, source: "cache" });
    }
    if (known.length === 0) return state;
    state = recordVerdicts(state, known);
  }
}

/** The same ref: equal, a SHA and its abbreviation, or two spellings of one version. */
function sameRef(candidate: string, ref: string): boolean {
  if (candidate === ref) return true;
  if (/^[0-9a-f]{7,40}$/i.test(candidate) && /^[0-9a-f]{7,40}$/i.test(ref))
    return candidate.startsWith(ref) || ref.startsWith(candidate);
  const a = normalizeVersion(candidate);
  return a !== null && a === normalizeVersion(ref);
}
