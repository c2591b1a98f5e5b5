/**
 * The nightly digest, sent: tonight's gate against the previous run's (the newest run before
 * this one under the reports folder), planned (core/notify/plan-digest.ts), redacted, posted to
 * the webhook the matrix file's `notify.webhook` variable holds, and recorded in
 * `<run>/digest.json` (what was sent, or why nothing was). Never throws: a digest is news, not
 * part of the night's verdict.
 */
import { join, resolve } from "node:path";
import { writeRedactedJson } from "../../adapters/fs.js";
import { findPreviousRunFolder, type RunLayout } from "../../adapters/run-folder.js";
import { postWebhook, type WebhookOptions, type WebhookOutcome } from "../../adapters/webhook.js";
import { decideGate, type GateDecision } from "../../core/gate/decide-gate.js";
import { readGateRecord } from "../../core/gate/gate-record.js";
import { cellsOf } from "../../core/gate/gate-summary.js";
import { mergeHistories } from "../../core/history/merge-histories.js";
import { gateJobNames } from "../../core/knobs/knob-jobs.js";
import type { Matrix } from "../../core/matrix/model.js";
import { type DigestChanges, type DigestNight, planDigest } from "../../core/notify/plan-digest.js";
import { collectSecrets, redactText } from "../../core/results/redact.js";
import { readHistory } from "../report/history-store.js";
import { readGate, readManifest, readSummary } from "../triage/run-records.js";

/** What `sendDigest` needs: the matrix file (notify, name, gate policy) and the two run folders. */
export interface SendDigestOptions {
  matrix: Matrix;
  reports: string;
  layout: RunLayout;
  /** Tonight's verdict as runGate decided it; else read from `gate.json`, else decided afresh. */
  decision?: GateDecision | null;
  env?: NodeJS.ProcessEnv;
  webhook?: WebhookOptions;
}

/** `<run>/digest.json`. */
export interface DigestRecord {
  sent: boolean;
  /** Why it was (not) sent, in words. */
  reason: string;
  /** The run compared with, or null on the first night. */
  previous: string | null;
  changes: DigestChanges | null;
  /** The body posted (or that would have been), redacted. */
  message: { text: string; content: string } | null;
  delivery: WebhookOutcome | null;
}

/** Plans, posts and records the digest of `layout`'s night; returns the record. */
export async function sendDigest(opts: SendDigestOptions): Promise<DigestRecord> {
  const env = opts.env ?? process.env;
  const record: DigestRecord = {
    sent: false,
    reason: "",
    previous: null,
    changes: null,
    message: null,
    delivery: null,
  };
  try {
    await planAndPost(opts, env, record);
  } catch (error) {
    record.reason = `not sent: ${error instanceof Error ? error.message : String(error)}`;
  }
  await writeRedactedJson(join(opts.layout.dir, "digest.json"), record, env).catch(() => undefined);
  return record;
}

async function planAndPost(opts: SendDigestOptions, env: NodeJS.ProcessEnv, record: DigestRecord) {
  // The night compared with is a fact of the reports folder, recorded with or without a webhook.
  const previous = await findPreviousNight(opts.reports, opts.layout, opts.matrix);
  record.previous = previous?.run ?? null;
  const notify = opts.matrix.notify;
  if (notify === null) {
    record.reason = "no notify: key in the matrix file";
    return;
  }
  const tonight = opts.decision
    ? { run: runName(opts.layout), gate: opts.decision }
    : await readNight(opts.layout, opts.matrix);
  if (tonight === null) {
    record.reason = `no verdict in ${opts.layout.dir} (neither gate.json nor summary.json)`;
    return;
  }
  const plan = planDigest(tonight, previous, {
    title: `matrix ${opts.matrix.name}`,
    link: runLinkOf(env),
    ongoing: await readOngoing(opts.layout),
  });
  if (plan === null) {
    record.reason = `nothing changed since ${previous?.run}`;
    return;
  }
  const url = env[notify.webhookEnv];
  // Everything that may leave: the harness's credentials, token shapes, and the hook's own URL.
  const secrets = [...collectSecrets(env), ...(url ? [url] : [])];
  const text = redactText(plan.body.text, secrets);
  record.changes = plan.changes;
  record.message = { text, content: text };
  if (!url) {
    record.reason = `${notify.webhookEnv} is not set: nothing posted`;
    return;
  }
  record.delivery = await postWebhook(url, record.message, opts.webhook);
  record.sent = record.delivery.ok;
  record.reason = record.sent
    ? `posted to ${notify.webhookEnv}`
    : `not delivered after ${record.delivery.attempts} attempts: ${record.delivery.error}`;
}

function runName(layout: RunLayout): string {
  return layout.dir.split("/").pop() ?? layout.dir;
}

/**
 * The newest night before `layout` that left a verdict (a night killed early left none): a run
 * folder under `reports`, else the history (`<reports>/history/`), which is all a night split
 * over runners carries from the nights before it.
 */
async function findPreviousNight(
  reports: string,
  layout: RunLayout,
  matrix: Matrix,
): Promise<DigestNight | null> {
  let before = await findPreviousRunFolder(reports, layout.dir);
  for (let tries = 0; before !== null && tries < 30; tries++) {
    const night = await readNight(before, matrix);
    if (night) return night;
    before = await findPreviousRunFolder(reports, before.dir);
  }
  return findPreviousInHistory(reports, layout);
}

/** The newest night of the history before tonight (by its date, as the history orders) with a gate. */
async function findPreviousInHistory(reports: string, layout: RunLayout): Promise<DigestNight | null> {
  const tonight = runName(layout);
  // A night without a manifest has no date: the history's nights up to now are before it.
  const date = (await readManifest(layout))?.created ?? new Date().toISOString();
  const history = await readHistory(resolve(reports, "history"));
  const nights = mergeHistories(history.nights.filter((n) => n.run !== tonight && n.date <= date));
  for (const night of nights.reverse()) {
    const gate = readGateRecord(night.gate);
    if (gate) return { run: night.run, gate };
  }
  return null;
}

/**
 * A night's verdict: its `gate.json`, else its summary decided under today's policy; else null
 * (a night killed before either). A torn or corrupt one is an error the digest's reason names.
 */
async function readNight(layout: RunLayout, matrix: Matrix): Promise<DigestNight | null> {
  const recorded = await readGate(layout);
  if (recorded) return { run: runName(layout), gate: recorded };
  const summary = await readSummary(layout);
  if (summary === null) return null;
  const jobs = gateJobNames(
    matrix.jobs,
    cellsOf(summary).map((c) => c.job),
  );
  const policy = { blockOn: matrix.gate.blockOn.map((s) => s.text), jobs };
  return { run: runName(layout), gate: decideGate(summary, policy) };
}

/** Fingerprints tonight's summary marks `ongoing` (`lifecycle`, from the history). */
async function readOngoing(layout: RunLayout): Promise<Set<string>> {
  const summary = await readSummary(layout);
  // The lifecycle is the conclude stage's addition, kept by the loose schema but not typed by it.
  const regressions = (summary?.regressions ?? []) as Array<{
    fingerprint?: string;
    lifecycle?: { state?: string };
  }>;
  return new Set(
    regressions
      .filter((r) => r.lifecycle?.state === "ongoing" && r.fingerprint)
      .map((r) => r.fingerprint as string),
  );
}

/** The Actions run's page, when the night runs in one. */
function runLinkOf(env: NodeJS.ProcessEnv): string | null {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : null;
}
