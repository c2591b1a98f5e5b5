/**
 * A bisect from request to record: checks the request against the project, searches, and writes
 * `bisect/<package>--<job>.json` (the contract's record) with the first bad ref's title, author,
 * date, pull request and link. `matrix bisect` and `matrix nightly` both come through here.
 */
import { join } from "node:path";
import { writeRedactedJson } from "../../adapters/fs.js";
import { findPullRequestOf } from "../../adapters/pull-requests.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { compareUrlOf, prNumberOf, pullUrlOf } from "../../core/bisect/pr-link.js";
import { summarizeBisect } from "../../core/bisect/summarize-bisect.js";
import { normalizeVariantName } from "../../core/matrix/variant-names.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import { InputError } from "../../errors.js";
import { checkTrackedPackage } from "../project/check-arguments.js";
import type { MachineFacts } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import { readOrWriteManifest } from "../run/run-variants.js";
import { findRequestedRange, searchFirstBad } from "./bisect-package.js";
import type { BisectRange } from "./bisect-range.js";
import type { KnownOutcome } from "./bisect-verdicts.js";

/** What to bisect, as the command line or the nightly says it. */
export interface BisectAsk {
  package: string;
  good?: string;
  bad?: string;
  job?: string;
  /** The manifest variant the other packages come from (`pinned` by default). */
  variant: string;
  /** A variant made for this bisect instead (an interaction: the other members moved). */
  baseVariant?: ManifestVariant;
  /** Said in the record: what the other packages were and why (an interaction's members). */
  note?: string;
  workers: number;
  /** False: no commit is tried first for what the failure names (`--no-suspects`). */
  suspects?: boolean;
  /** Outcomes the night's own cells measured for refs of the range (its failing cell's bad end). */
  known?: KnownOutcome[];
  /** The range, when the caller looked it up already (while the machine was probed). */
  range?: BisectRange;
}

/** Runs the bisect and writes its record; returns the record. */
export async function bisectPackage(
  project: Project,
  layout: RunLayout,
  facts: MachineFacts,
  ask: BisectAsk,
) {
  const name = checkTrackedPackage(project, ask.package);
  const job = ask.job ? project.matrix.jobs.find((j) => j.name === ask.job) : project.matrix.jobs[0];
  if (!job)
    throw new InputError(
      `--job ${ask.job}: no such job (have: ${project.matrix.jobs.map((j) => j.name).join(", ")})`,
    );
  const asked = {
    packageName: name,
    ...(ask.good !== undefined ? { good: ask.good } : {}),
    ...(ask.bad !== undefined ? { bad: ask.bad } : {}),
  };
  // The manifest (the variants' refs, an ls-remote per upstream) and the range (the mirror's
  // fetch) are independent processes: both at once.
  const [manifest, range] = await Promise.all([
    readOrWriteManifest(project, layout),
    ask.range ?? findRequestedRange(project, facts.cacheDir, asked),
  ]);
  const wanted = normalizeVariantName(ask.variant);
  const base = ask.baseVariant ?? manifest.variants.find((v) => v.name === wanted);
  if (!base || (base.requirements === null && !ask.baseVariant))
    throw new InputError(`--variant ${ask.variant}: not available in this run`);
  const { state } = await searchFirstBad(project, facts, {
    ...asked,
    range,
    job,
    base,
    workers: ask.workers,
    ...(ask.suspects === false ? { suspects: false } : {}),
    bisectDir: join(layout.dir, "bisect"),
    ...(ask.known ? { known: ask.known } : {}),
  });
  const summary = summarizeBisect(state);
  const refs = range.candidates.map((c) => c.ref);
  const first = range.candidates.find((c) => c.ref === summary.first_bad);
  // The title's `(#N)` first; without one, the PR GitHub lists for the commit (null offline or without a token).
  const titled = first && range.kind === "commits" ? prNumberOf(first.title) : null;
  const listed =
    first && range.kind === "commits" && titled === null && range.repo
      ? await findPullRequestOf({ repo: range.repo, sha: first.ref, env: process.env })
      : null;
  const pr = titled ?? listed?.number ?? null;
  const record = {
    status: summary.status,
    reason: summary.reason,
    package: name,
    job: job.name,
    variant: base.name,
    ...(ask.note ? { note: ask.note } : {}),
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
              ? (listed?.url ??
                (pr !== null ? pullUrlOf(range.repo, pr) : null) ??
                compareUrlOf(range.repo, summary.last_good, first.ref))
              : null,
        }
      : null,
    last_good: summary.last_good ? { ref: summary.last_good } : null,
    candidates: summary.candidates,
    inert: summary.inert,
    suspects: summary.suspects,
    steps: summary.steps,
    rounds: summary.rounds,
    endpoints: summary.endpoints,
    skipped: summary.skipped,
    ambiguous: summary.ambiguous,
    log: summary.log.map((l) => ({
      ref: l.ref,
      verdict: l.verdict,
      reason: l.reason,
      ...(l.detail ? { detail: l.detail } : {}),
      signature: l.signature,
      seconds: l.seconds,
      smoke_seconds: l.smoke ?? null,
      source: l.source ?? "run",
    })),
  };
  await writeRedactedJson(join(layout.dir, "bisect", `${name}--${job.name}.json`), record);
  return record;
}
