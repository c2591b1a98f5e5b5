/**
 * `matrix bisect`: the first bad release or commit of one package, for one job, with the other
 * packages as in `--variant`. Rounds of K parallel steps; the state is saved after every round,
 * so a bisect cut short (a lost runner) resumes without re-running finished steps.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import pLimit from "p-limit";
import { writeJsonAtomic, writeRedactedJson } from "../adapters/fs.js";
import { resolveCacheDir, resolveUvPath } from "../adapters/machine.js";
import { createProgress } from "../adapters/progress.js";
import { openRunFolder } from "../adapters/run-folder.js";
import { type BisectState, bisectStateSchema, startBisect } from "../core/bisect/bisect-state.js";
import { nextRound } from "../core/bisect/next-round.js";
import { compareUrlOf, prNumberOf, pullUrlOf } from "../core/bisect/pr-link.js";
import { recordVerdicts } from "../core/bisect/record-verdicts.js";
import { summarizeBisect } from "../core/bisect/summarize-bisect.js";
import { normalizeName } from "../core/requirements/normalize-name.js";
import { InputError } from "../errors.js";
import { findBisectRange } from "./bisect-range.js";
import { type StepContext, testCandidate, writeWorkerBase } from "./bisect-step.js";
import { loadProject, type Project } from "./load-project.js";
import { emitResult, type OutputOptions } from "./output.js";
import { readOrWriteManifest } from "./run.js";

/** Options of `matrix bisect`. */
export interface BisectOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  package: string;
  good?: string;
  bad?: string;
  job?: string;
  variant: string;
  workers: number;
}

/** Runs a bisect in a loaded project and writes `bisect/<package>--<job>.json`; returns the record. */
export async function bisectPackage(project: Project, runDir: string, opts: BisectOptions) {
  const layout = await openRunFolder(opts.reports, runDir);
  const name = normalizeName(opts.package);
  const pkg = project.matrix.packages.find((p) => p.name === name);
  const pin = project.pins[name];
  if (!pkg || !pin)
    throw new InputError(
      `${project.matrix.file}:1:1: ${name} is not a tracked package pinned in ${project.matrix.project.requirements}`,
    );
  const job = opts.job ? project.matrix.jobs.find((j) => j.name === opts.job) : project.matrix.jobs[0];
  if (!job)
    throw new InputError(
      `${project.matrix.file}:1:1: no job "${opts.job}" (have: ${project.matrix.jobs.map((j) => j.name).join(", ")})`,
    );
  const manifest = await readOrWriteManifest(project, layout);
  const base = manifest.variants.find((v) => v.name === opts.variant);
  if (!base || base.requirements === null)
    throw new InputError(
      `${project.matrix.file}:1:1: variant "${opts.variant}" is not available in this run`,
    );
  const cacheDir = resolveCacheDir();
  const range = await findBisectRange({
    pkg,
    pin,
    good: opts.good,
    bad: opts.bad,
    index: project.matrix.index,
    cacheDir,
  });
  const dir = join(layout.dir, "bisect", `${name}--${job.name}`);
  const ctx: StepContext = {
    project,
    job,
    base,
    packageName: name,
    kind: range.kind,
    repo: range.repo,
    dir,
    cacheDir,
    uvPath: resolveUvPath(),
    progress: createProgress(),
    candidates: range.candidates.map((c) => c.ref),
  };
  const refs = ctx.candidates;
  await writeWorkerBase(ctx);
  const stateFile = `${dir}.state.json`;
  let state = await resumeState(stateFile, refs, opts.workers);
  const limit = pLimit(opts.workers);
  // Each worker slot owns one environment; a step borrows a free slot for its whole run.
  const freeSlots = Array.from({ length: opts.workers }, (_, i) => i);
  for (let round = nextRound(state); round.length > 0; round = nextRound(state)) {
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
  const summary = summarizeBisect(state);
  const info = (ref: string | null) => range.candidates.find((c) => c.ref === ref);
  const first = info(summary.first_bad);
  const pr = first && range.kind === "commits" ? prNumberOf(first.title) : null;
  const record = {
    status: summary.status,
    reason: summary.reason,
    package: name,
    job: job.name,
    variant: opts.variant,
    kind: range.kind,
    good: refs[0],
    bad: refs[refs.length - 1],
    first_bad: first
      ? {
          ref: first.ref,
          title: first.title,
          author: first.author,
          date: first.date,
          pr,
          url:
            range.repo && summary.last_good
              ? ((pr !== null ? pullUrlOf(range.repo, pr) : null) ??
                compareUrlOf(range.repo, summary.last_good, first.ref))
              : null,
        }
      : null,
    last_good: summary.last_good ? { ref: summary.last_good } : null,
    candidates: summary.candidates,
    steps: summary.steps,
    rounds: summary.rounds,
    skipped: summary.skipped,
    ambiguous: summary.ambiguous,
    log: summary.log.map((l) => ({
      ref: l.ref,
      verdict: l.verdict,
      reason: l.reason,
      signature: l.signature,
      seconds: l.seconds,
    })),
  };
  await writeRedactedJson(join(layout.dir, "bisect", `${name}--${job.name}.json`), record);
  return record;
}

async function resumeState(file: string, refs: string[], workers: number): Promise<BisectState> {
  const saved = await readFile(file, "utf8").catch(() => null);
  const parsed = saved ? bisectStateSchema.safeParse(JSON.parse(saved)) : null;
  // A saved state only counts for the very same candidate list; anything else starts afresh.
  if (parsed?.success && parsed.data.candidates.join() === refs.join()) return { ...parsed.data, workers };
  return startBisect(refs, { workers });
}

/** The `matrix bisect` command: exit 0 when the first bad ref is found, 1 otherwise. */
export async function bisectCommand(opts: BisectOptions): Promise<void> {
  const project = await loadProject(opts.matrix);
  const layout = await openRunFolder(opts.reports, opts.run);
  const record = await bisectPackage(project, layout.dir, opts);
  const head = record.first_bad
    ? `first bad ${record.kind === "commits" ? record.first_bad.ref.slice(0, 12) : record.first_bad.ref}: ${record.first_bad.title}${record.first_bad.pr && !record.first_bad.title.includes(`#${record.first_bad.pr}`) ? ` (#${record.first_bad.pr})` : ""}`
    : `no first bad ref: ${record.reason ?? record.status}`;
  const human = `bisect ${record.package} (${record.kind}, ${record.candidates} candidates): ${record.status}\n  ${head}\n  last good ${record.last_good?.ref ?? "-"}; ${record.steps} steps in ${record.rounds} rounds`;
  emitResult(opts, record, human);
  if (record.status !== "found") process.exitCode = 1;
}
