/**
 * A bisect of one package for one job, with the other packages as in a base variant: rounds of
 * K parallel steps; the state is saved after every round, so a bisect cut short (a lost runner)
 * resumes without re-running finished steps. While a round's smoke jobs run, the wheels the next
 * round can need are built (commit bisects), so a step starts with everything on disk.
 */
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import pLimit from "p-limit";
import { ensureCommitWheel } from "../../adapters/commit-wheels.js";
import { createProgress } from "../../adapters/progress.js";
import { type BisectState, markInert } from "../../core/bisect/bisect-state.js";
import { nextRound } from "../../core/bisect/next-round.js";
import { planPrefetch } from "../../core/bisect/plan-prefetch.js";
import { recordVerdicts } from "../../core/bisect/record-verdicts.js";
import type { JobSpec } from "../../core/matrix/model.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import type { MachineFacts } from "../project/environment-spec.js";
import { type Project, pinFactsOf } from "../project/load-project.js";
import type { StepContext } from "./bisect-context.js";
import { type BisectRange, findBisectRange } from "./bisect-range.js";
import { resumeState, saveState, stateFileOf } from "./bisect-resume.js";
import { testCandidate } from "./bisect-step.js";
import { findSuspects } from "./bisect-suspects.js";
import { type KnownOutcome, openVerdictMemory, recallKnown, seedKnown } from "./bisect-verdicts.js";
import { makeWheelQueue } from "./bisect-wheels.js";
import { prepareWorkers } from "./bisect-workers.js";

/** What to bisect: the package, the refs, the job, the variant the other packages come from. */
export interface BisectRequest {
  packageName: string;
  good?: string;
  bad?: string;
  job: JobSpec;
  base: ManifestVariant;
  workers: number;
  /** False: the plain search, no commit tried first for what the failure names. */
  suspects?: boolean;
  /** The run's `bisect/` folder. */
  bisectDir: string;
  /** Outcomes the night's own cells measured (its failing cell's bad end), run no more. */
  known?: KnownOutcome[];
  /** The range, when the caller looked it up already (alongside other work); else found here. */
  range?: BisectRange;
}

/** The range `req` asks for: the package's pin, the refs given, its mirror or the index. */
export async function findRequestedRange(
  project: Project,
  cacheDir: string,
  req: Pick<BisectRequest, "packageName" | "good" | "bad">,
): Promise<BisectRange> {
  const name = req.packageName;
  const pkg = project.matrix.packages.find((p) => p.name === name);
  const pin = pinFactsOf(project, name);
  if (!pkg || !pin) throw new Error(`bisect: ${name} is not a tracked, pinned package`);
  return findBisectRange({
    pkg,
    pin,
    ...(req.good !== undefined ? { good: req.good } : {}),
    ...(req.bad !== undefined ? { bad: req.bad } : {}),
    index: project.matrix.index,
    cacheDir,
  });
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
  const range = req.range ?? (await findRequestedRange(project, facts.cacheDir, req));
  const refs = range.candidates.map((c) => c.ref);
  const dir = join(req.bisectDir, `${name}--${req.job.name}`);
  // One build per commit per bisect, shared by the prefetcher and the steps (the cache shares it
  // across bisects); two at a time at most, since a build is a Python process and the smoke jobs
  // and installs need the cores too.
  const wheels = makeWheelQueue(
    (sha) =>
      ensureCommitWheel({
        mirror: range.mirror as string,
        repo: range.repo as string,
        sha,
        toolchain: facts.toolchain,
        cacheDir: facts.cacheDir,
        ...(project.matrix.index ? { indexUrl: project.matrix.index } : {}),
      }),
    Math.max(1, Math.min(2, availableParallelism())),
  );
  const shared = {
    project,
    facts,
    job: req.job,
    base: req.base,
    packageName: name,
    kind: range.kind,
    repo: range.repo,
    mirror: range.mirror,
    dir,
    progress: createProgress(),
    candidates: refs,
  };
  const stateFile = stateFileOf(dir);
  const memory = await openVerdictMemory(shared);
  const from = basename(dirname(req.bisectDir));
  const withSuspects = async (s: BisectState) =>
    req.suspects === false ? s : findSuspects(s, range, shared.progress, `bisect ${name}`);
  let state = await resumeState(stateFile, refs, req.workers);
  state = await seedKnown(state, req.known ?? [], memory, `night ${from}`);
  state = await recallKnown(state, memory, withSuspects);
  let first = nextRound(state);
  // A finished (resumed) bisect needs no environment at all.
  const prepared =
    first.length > 0
      ? await prepareWorkers(shared)
      : { workers: null, reason: null, dispose: async () => {} };
  const source = prepared.workers?.source ?? null;
  if (source && state.inert === undefined) {
    // Known once the good end's install says where the package's files are: commits that touched
    // only tests, docs or CI share the verdict of the commit before them and never run.
    state = markInert(state, await source.findInert(refs));
    const inert = state.inert?.length ?? 0;
    const said = `${inert} of ${refs.length - 2} commits between the ends change nothing installed: not run`;
    if (inert > 0) shared.progress.note(`bisect ${name}`, said);
    first = nextRound(state);
  }
  // Wheels only for the commits that cannot go in as their source tree.
  const needingWheels = async (shas: readonly string[]) => {
    const fits = await Promise.all(shas.map((sha) => source?.fits(sha) ?? false));
    return shas.filter((_, i) => !fits[i]);
  };
  if (range.kind === "commits")
    for (const sha of await needingWheels(first)) void wheels.need(sha).catch(() => undefined);
  const ctx: StepContext = { ...shared, workers: prepared.workers, wheelOf: wheels.need };
  let saved: Promise<void> = Promise.resolve();
  try {
    const limit = pLimit(req.workers);
    // Each worker slot owns one environment; a step borrows a free slot for its whole run.
    const freeSlots = Array.from({ length: req.workers }, (_, i) => i);
    let rounds = 0;
    for (let round = first; round.length > 0; round = nextRound(state)) {
      const badSignature = state.badSignature;
      const ready = round.map(() => deferred());
      // The next round's possible wheels build while this round's smoke jobs run, not while its
      // candidates install: on a small machine they would slow the installs down. The guesses of
      // the round before are moot now that its outcome is known; this round's wheels are needed.
      if (range.kind === "commits") {
        wheels.prefetch([]);
        const [planned, guesses, number] = [state, round, ++rounds];
        void Promise.all(ready.map((r) => r.promise)).then(() => {
          if (rounds === number)
            void needingWheels(planPrefetch(planned, guesses)).then((shas) => {
              if (rounds === number) wheels.prefetch(shas);
            });
        });
      }
      const verdicts = await Promise.all(
        round.map((ref, i) =>
          limit(async () => {
            const slot = freeSlots.shift() ?? 0;
            try {
              return await testCandidate(ctx, ref, badSignature, slot, ready[i]?.resolve);
            } finally {
              ready[i]?.resolve();
              freeSlots.push(slot);
            }
          }),
        ),
      );
      state = recordVerdicts(state, verdicts);
      await Promise.all(verdicts.map((v) => (v.outcome ? memory.remember(v.ref, v.outcome, from) : null)));
      state = await recallKnown(state, memory, withSuspects);
      // Saved one after another (an older state must never land last), but the next round does not
      // wait for the disk: only a resumed bisect reads it back, and the last save is awaited below.
      const snapshot = state;
      saved = saved.then(() => saveState(stateFile, snapshot));
    }
  } finally {
    await Promise.all([prepared.dispose(), wheels.settle(), saved]);
  }
  return { range, state };
}

/** A promise with its resolve function outside, resolved at most once. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
