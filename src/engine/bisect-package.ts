/**
 * A bisect of one package for one job, with the other packages as in a base variant: rounds of
 * K parallel steps; the state is saved after every round, so a bisect cut short (a lost runner)
 * resumes without re-running finished steps. While a round's smoke jobs run, the wheels the next
 * round can need are built (commit bisects), so a step starts with everything on disk.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import pLimit from "p-limit";
import { type CommitWheel, ensureCommitWheel } from "../adapters/commit-wheels.js";
import { writeJsonAtomic } from "../adapters/fs.js";
import { createProgress } from "../adapters/progress.js";
import { type BisectState, bisectStateSchema, startBisect } from "../core/bisect/bisect-state.js";
import { nextRound } from "../core/bisect/next-round.js";
import { planPrefetch } from "../core/bisect/plan-prefetch.js";
import { recordVerdicts } from "../core/bisect/record-verdicts.js";
import type { JobSpec } from "../core/matrix/model.js";
import type { ManifestVariant } from "../core/variants/manifest.js";
import { type BisectRange, findBisectRange } from "./bisect-range.js";
import { type StepContext, testCandidate } from "./bisect-step.js";
import { prepareWorkers } from "./bisect-workers.js";
import type { MachineFacts } from "./environment-spec.js";
import { type Project, pinFactsOf } from "./load-project.js";

/** What to bisect: the package, the refs, the job, the variant the other packages come from. */
export interface BisectRequest {
  packageName: string;
  good?: string;
  bad?: string;
  job: JobSpec;
  base: ManifestVariant;
  workers: number;
  /** The run's `bisect/` folder. */
  bisectDir: string;
}

/** The finished search: the range searched and the final state. */
export interface BisectOutcome {
  range: BisectRange;
  state: BisectState;
}

/** Runs the search to its end (or resumes it) and returns the final state. */
export async function searchFirstBad(
  project: Project,
  facts: MachineFacts,
  req: BisectRequest,
): Promise<BisectOutcome> {
  const name = req.packageName;
  const pkg = project.matrix.packages.find((p) => p.name === name);
  const pin = pinFactsOf(project, name);
  if (!pkg || !pin) throw new Error(`bisect: ${name} is not a tracked, pinned package`);
  const range = await findBisectRange({
    pkg,
    pin,
    ...(req.good !== undefined ? { good: req.good } : {}),
    ...(req.bad !== undefined ? { bad: req.bad } : {}),
    index: project.matrix.index,
    cacheDir: facts.cacheDir,
  });
  const refs = range.candidates.map((c) => c.ref);
  const dir = join(req.bisectDir, `${name}--${req.job.name}`);
  // One build per commit per bisect, shared by the prefetcher and the steps (the cache shares it across bisects).
  const builds = new Map<string, Promise<CommitWheel>>();
  const buildLimit = pLimit(Math.max(1, Math.min(2, req.workers)));
  const wheelOf = (sha: string): Promise<CommitWheel> => {
    let build = builds.get(sha);
    if (!build) {
      build = buildLimit(() =>
        ensureCommitWheel({
          mirror: range.mirror as string,
          repo: range.repo as string,
          sha,
          toolchain: facts.toolchain,
          cacheDir: facts.cacheDir,
          ...(project.matrix.index ? { indexUrl: project.matrix.index } : {}),
        }),
      );
      builds.set(sha, build);
    }
    return build;
  };
  const shared = {
    project,
    facts,
    job: req.job,
    base: req.base,
    packageName: name,
    kind: range.kind,
    repo: range.repo,
    dir,
    progress: createProgress(),
    candidates: refs,
  };
  const stateFile = `${dir}.state.json`;
  let state = await resumeState(stateFile, refs, req.workers);
  const prefetch = (round: string[]) => {
    if (range.kind !== "commits") return;
    for (const sha of round) void wheelOf(sha);
    // Built in the background while this round's smoke jobs run; failures surface when a step asks.
    for (const sha of planPrefetch(state, round)) void wheelOf(sha).catch(() => undefined);
  };
  const first = nextRound(state);
  prefetch(first);
  // A finished (resumed) bisect needs no environment at all.
  const prepared =
    first.length > 0
      ? await prepareWorkers(shared)
      : { workers: null, reason: null, dispose: async () => {} };
  const ctx: StepContext = { ...shared, workers: prepared.workers, wheelOf };
  try {
    const limit = pLimit(req.workers);
    // Each worker slot owns one environment; a step borrows a free slot for its whole run.
    const freeSlots = Array.from({ length: req.workers }, (_, i) => i);
    for (let round = first; round.length > 0; round = nextRound(state)) {
      if (round !== first) prefetch(round);
      const badSignature = state.badSignature;
      const verdicts = await Promise.all(
        round.map((ref) =>
          limit(async () => {
            const slot = freeSlots.shift() ?? 0;
            try {
              return await testCandidate(ctx, ref, badSignature, slot);
            } finally {
              freeSlots.push(slot);
            }
          }),
        ),
      );
      state = recordVerdicts(state, verdicts);
      await writeJsonAtomic(stateFile, state);
    }
  } finally {
    await prepared.dispose();
    // Let in-flight prefetches finish into the cache rather than be cut off mid-build.
    await Promise.allSettled(builds.values());
  }
  return { range, state };
}

async function resumeState(file: string, refs: string[], workers: number): Promise<BisectState> {
  const saved = await readFile(file, "utf8").catch(() => null);
  const parsed = saved ? bisectStateSchema.safeParse(JSON.parse(saved)) : null;
  // A saved state only counts for the very same candidate list; anything else starts afresh.
  if (parsed?.success && parsed.data.candidates.join() === refs.join()) return { ...parsed.data, workers };
  return startBisect(refs, { workers });
}
