/**
 * One night as history keeps it, from what the run folder holds: the summary (or the triage of a
 * split night's results), the result records, the manifest, the bisect records and what the
 * filer did. Each cell keeps status, versions and SHAs, signature, fingerprint, culprits, bisect,
 * issue, excerpt, log and key metrics. Pure: the engine reads the files and passes them in.
 */

import type { GateDecision } from "../gate/decide-gate.js";
import { cutMiddle } from "../issues/markdown.js";
import type { ResultRecord } from "../results/result-record.js";
import { logFileOf } from "../runs/log-file.js";
import type { NightBisect } from "../triage/attach-bisects.js";
import { blockerFingerprintOf } from "../triage/mark-expected.js";
import type { Manifest } from "../variants/manifest.js";
import type { Culprit, HistoryCell, HistoryNight, IssueLink } from "./history-record.js";

/** A breakage of the summary (a regression, or a blocker), as the night reads it. */
export interface NightBreakage {
  variant: string;
  job: string;
  signature?: string;
  failure?: { signature: string } | null;
  culprits?: string[];
  evidence?: string;
  fingerprint?: string;
  expected?: { reason: string };
  bisect?: Omit<NightBisect, "job" | "variant">;
}

/** A bisect record's first bad ref, as `bisect/<package>--<job>.json` holds it. */
export interface NightBisectRecord {
  package: string;
  job: string;
  kind: string;
  status: string;
  reason?: string | null;
  first_bad: { ref: string; title?: string | null; pr?: number | null; url?: string | null } | null;
}

/** One step of `issues/filed.json`. */
export interface NightFiling {
  repo: string;
  action: string;
  fingerprint: string | null;
  number: number | null;
  url: string | null;
  result: string;
}

/** What `buildNight` reads. */
export interface NightInput {
  run: string;
  manifest: Manifest | null;
  summary: { blocked: boolean; blockers: NightBreakage[]; regressions: NightBreakage[] };
  results: ResultRecord[];
  bisects: NightBisectRecord[];
  filings: NightFiling[];
  /** The night's `gate.json`, when its gate ran. */
  gate?: GateDecision | null;
  /** Fallback date when there is no manifest. */
  now: Date;
}

const EXCERPT_CHARS = 1500;

/** The night's history record. */
export function buildNight(input: NightInput): HistoryNight {
  const breakages = new Map<string, NightBreakage>();
  for (const b of input.summary.blockers) breakages.set(`${b.variant}\0${b.job}`, b);
  for (const r of input.summary.regressions) breakages.set(`${r.variant}\0${r.job}`, r);
  const cells = input.results
    .filter((r) => r.companion_of === undefined && r.probe_of === undefined)
    .map((r) => cellOf(r, breakages.get(`${r.variant}\0${r.job}`) ?? null, input));
  cells.sort((x, y) => x.variant.localeCompare(y.variant) || x.job.localeCompare(y.job));
  return {
    version: 1,
    run: input.run,
    date: input.manifest?.created ?? input.now.toISOString(),
    matrix: input.manifest?.matrix.name ?? null,
    blocked: input.summary.blocked,
    // The verdict as that night's gate decided it: the next night's digest compares with it
    // where the run folder itself is gone (a night split over runners keeps only its history).
    ...(input.gate ? { gate: input.gate } : {}),
    cells,
  };
}

function cellOf(result: ResultRecord, breakage: NightBreakage | null, input: NightInput): HistoryCell {
  const signature = result.failure?.signature ?? breakage?.signature ?? null;
  const culprits = breakage?.culprits ?? [];
  // Triage fingerprints every regression; a blocker read from a split night's on-the-fly triage
  // has none yet, and gets the one triage gives blockers (its blame), so it is one breakage.
  const fingerprint = breakage ? (breakage.fingerprint ?? blockerFingerprintOf(result)) : null;
  return {
    variant: result.variant,
    job: result.job,
    status: result.status,
    versions: versionsOf(result, input.manifest),
    signature,
    fingerprint,
    culprits,
    evidence: breakage?.evidence ?? null,
    bisect: breakage ? culpritOf(breakage, input.bisects) : null,
    issue: fingerprint ? issueOf(fingerprint, input.filings) : null,
    expected: breakage?.expected?.reason ?? null,
    excerpt: result.failure
      ? cutMiddle(result.failure.excerpt, EXCERPT_CHARS, "to keep the history small")
      : null,
    log: logOf(input.run, result),
    metrics: metricsOf(result),
  };
}

/** Tracked packages as the variant had them: upstream SHAs from the manifest, else installed versions. */
export function versionsOf(result: ResultRecord, manifest: Manifest | null): Record<string, string> {
  const variant = manifest?.variants.find((v) => v.name === result.variant);
  if (!variant) return { ...result.installed };
  const out: Record<string, string> = {};
  for (const [name, state] of Object.entries(variant.packages)) {
    const installed = result.installed[name] ?? result.installed[name.toLowerCase()];
    if (state.source === "upstream") out[name] = state.sha;
    else if (state.source === "latest") out[name] = installed ?? state.version;
    else out[name] = installed ?? state.requirement;
  }
  return out;
}

/**
 * The culprit as bisected: the summary's bisect with its record's PR and link; for a night split
 * over runners (no summary, a `matrix bisect` run into the folder) the record of a culprit alone.
 */
function culpritOf(breakage: NightBreakage, records: NightBisectRecord[]): Culprit | null {
  const record = breakage.bisect
    ? records.find((r) => r.package === breakage.bisect?.package && r.job === breakage.job)
    : records.find((r) => r.job === breakage.job && (breakage.culprits ?? []).includes(r.package));
  const night =
    breakage.bisect ??
    (record
      ? {
          package: record.package,
          status: record.status,
          reason: record.reason ?? null,
          first_bad: record.first_bad?.ref ?? null,
          title: record.first_bad?.title ?? null,
        }
      : null);
  if (!night) return null;
  const first = record?.first_bad ?? null;
  return {
    package: night.package,
    status: night.status,
    kind: record?.kind ?? null,
    ref: night.first_bad ?? first?.ref ?? null,
    title: night.title ?? first?.title ?? null,
    // A culprit carried from an earlier night has no record tonight: the summary keeps its PR.
    pr: first?.pr ?? ("pr" in night ? (night.pr ?? null) : null),
    url: first?.url ?? ("url" in night ? (night.url ?? null) : null),
    with: night.with ?? [],
    reason: night.reason ?? record?.reason ?? null,
  };
}

/** The own repository's issue first (it is the one a maintainer follows), then an upstream one. */
function issueOf(fingerprint: string, filings: NightFiling[]): IssueLink | null {
  // A failed or skipped step (an upstream not filed to) leaves no issue behind.
  const steps = filings.filter(
    (f) => f.fingerprint === fingerprint && f.result !== "failed" && f.result !== "skipped",
  );
  const own = steps.filter((f) => !f.action.startsWith("upstream-"));
  const ranked = [...own, ...steps.filter((f) => f.action.startsWith("upstream-"))];
  // The last step on the issue says its state (a create, then a close when it was fixed).
  const withUrl = ranked.filter((f) => f.url !== null);
  const step = withUrl.filter((f) => f.repo === withUrl[0]?.repo).at(-1) ?? ranked[0];
  if (!step) return null;
  const state = step.result === "planned" ? "planned" : step.action === "close" ? "closed" : "open";
  return { repo: step.repo, number: step.number, url: step.url, state };
}

function metricsOf(result: ResultRecord): HistoryCell["metrics"] {
  const losses = result.metrics.steps.map((s) => s.loss).filter((l): l is number => typeof l === "number");
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return {
    final_loss: losses.length > 0 ? (losses[losses.length - 1] as number) : null,
    // A cell that never ran (no environment, unreachable upstream) took no time worth drawing.
    seconds: result.attempts > 0 ? num(result.seconds) : null,
    peak_memory_mb: num(result.metrics.summary.peak_memory_mb),
    tokens_per_s: num(result.metrics.summary.tokens_per_s),
  };
}

/** The cell's log relative to the reports folder, when it has one. */
function logOf(run: string, result: ResultRecord): string | null {
  const file = logFileOf(result);
  return file ? `${run}/${file}` : null;
}
