/**
 * Turns what happened to a (variant, job) into its result record: each attempt is judged (exit
 * status, timeout, expectations), then the attempts together give the status; a pass after a
 * failure is `flaky`, never `pass`, so a wobbling job shows up instead of hiding.
 */
import type { Expectations } from "../matrix/model.js";
import { blameOf, blameOfFiles } from "./blame-of.js";
import { checkExpectations } from "./check-expectations.js";
import { crashFramesOf, crashSignalOf } from "./crash-signal.js";
import type { ImportNames } from "./import-names.js";
import { normalizeText } from "./normalize-text.js";
import type { Metrics } from "./parse-metrics.js";
import { parseTraceback } from "./parse-traceback.js";
import type { Failure, ResultRecord, ResultStatus } from "./result-record.js";
import { excerptOf, signatureOf } from "./signature-of.js";

/** One run of a job's command, as the runner observed it. */
export interface AttemptOutcome {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  seconds: number;
  /** The tail of the interleaved stdout and stderr. */
  output: string;
  metrics: Metrics;
  /** Set when the harness itself failed to run the command (not the job's fault). */
  infraError?: string;
}

/** The verdict on one attempt. */
export interface AttemptVerdict {
  status: "pass" | "fail" | "timeout" | "infra-error";
  failure: Failure | null;
}

/**
 * Judges one attempt against the job's expectations. A failure is blamed on a distribution through
 * `known`, the environment's import map (`{}`: only the fallback table, for an environment gone).
 */
export function classifyAttempt(
  attempt: AttemptOutcome,
  expect: Expectations,
  known: ImportNames = {},
): AttemptVerdict {
  if (attempt.infraError !== undefined) {
    const excerpt = attempt.infraError;
    return {
      status: "infra-error",
      failure: { kind: "exit-code", signature: normalizeText(excerpt), excerpt, blame: null },
    };
  }
  if (attempt.timedOut) {
    // The signature is the word alone: the budget or a SIGTERM traceback vary and say nothing of the cause.
    return {
      status: "timeout",
      failure: { kind: "exit-code", signature: "timeout", excerpt: excerptOf(attempt.output), blame: null },
    };
  }
  if (attempt.exitCode !== 0 || attempt.signal !== null) {
    const traceback = parseTraceback(attempt.output);
    const signal = crashSignalOf(attempt.exitCode, attempt.signal);
    if (signal !== null && !traceback)
      return { status: "fail", failure: signalFailureOf(signal, attempt.output, known) };
    // A signal with a traceback (SIGTERM caught by Python) is read as the exception it raised.
    const failure: Failure = traceback
      ? {
          kind: "exception",
          signature: signatureOf(attempt.output),
          excerpt: excerptOf(attempt.output),
          blame: blameOf(attempt.output, known),
        }
      : {
          kind: "exit-code",
          signature: `exit ${attempt.exitCode}: ${signatureOf(attempt.output)}`,
          excerpt: excerptOf(attempt.output),
          blame: null,
        };
    return { status: "fail", failure };
  }
  const unmet = checkExpectations(expect, attempt.metrics, attempt.seconds);
  if (unmet.length === 0) return { status: "pass", failure: null };
  return {
    status: "fail",
    failure: {
      kind: "expectation",
      signature: `expectation: ${unmet.map(normalizeText).join("; ")}`,
      excerpt: unmet.join("\n"),
      blame: null,
    },
  };
}

/**
 * A job killed by a signal with no traceback: named by the signal and, when the fault handler
 * printed one, its crash site (innermost frames), which says more than whatever output came last.
 */
function signalFailureOf(signal: string, output: string, known: ImportNames): Failure {
  const frames = crashFramesOf(output);
  const site = frames.slice(0, 3).map((f) => `${f.file.split(/[\\/]/).pop()}:${f.func}`);
  const signature =
    site.length > 0 ? `signal ${signal} @ ${site.join(" < ")}` : `signal ${signal}: ${signatureOf(output)}`;
  const blame = blameOfFiles(
    frames.map((f) => f.file),
    known,
  );
  return { kind: "signal", signature, excerpt: excerptOf(output), blame };
}

/** The status of a job from its attempts' verdicts (in order), and which attempt decided it. */
export function classifyAttempts(verdicts: AttemptVerdict[]): { status: ResultStatus; decidedBy: number } {
  const passed = verdicts.findIndex((v) => v.status === "pass");
  if (passed === 0) return { status: "pass", decidedBy: 0 };
  if (passed > 0) return { status: "flaky", decidedBy: passed };
  const last = verdicts.length - 1;
  const lastVerdict = verdicts[last];
  return lastVerdict
    ? { status: lastVerdict.status, decidedBy: last }
    : { status: "infra-error", decidedBy: -1 };
}

/**
 * How the environment came out: made (with its installed versions and its import map, read from
 * its metadata once: blame goes by it), or not.
 */
export type SetupOutcome =
  | { status: "ok"; installed: Record<string, string>; importNames?: ImportNames }
  | { status: "install-error"; excerpt: string }
  | { status: "unsatisfiable"; explanation: string }
  | { status: "infra-error"; message: string }
  /** Made, but an upstream in it is older than its pin: the job would test nothing new. */
  | { status: "stale-upstream"; message: string; stale: string[] };

/** What `buildResult` needs. */
export interface ResultInput {
  variant: string;
  job: string;
  expect: Expectations;
  setup: SetupOutcome;
  attempts: AttemptOutcome[];
}

/** Builds the record. A flaky result keeps the failure it showed before passing, for the dashboard. */
export function buildResult(input: ResultInput): ResultRecord {
  const base = { variant: input.variant, job: input.job, metrics: { steps: [], summary: {} } };
  if (input.setup.status === "install-error") {
    const excerpt = input.setup.excerpt;
    const failure: Failure = {
      kind: "exit-code",
      signature: `install: ${signatureOf(excerpt)}`,
      excerpt,
      blame: null,
    };
    return { ...base, status: "install-error", installed: {}, seconds: 0, attempts: 0, failure };
  }
  if (input.setup.status === "unsatisfiable") {
    const excerpt = input.setup.explanation;
    const first = excerpt.split("\n").find((l) => l.trim() !== "") ?? "";
    const failure: Failure = {
      kind: "exit-code",
      signature: `unsatisfiable: ${normalizeText(first)}`,
      excerpt,
      blame: null,
    };
    return { ...base, status: "unsatisfiable", installed: {}, seconds: 0, attempts: 0, failure };
  }
  if (input.setup.status === "stale-upstream") {
    const excerpt = input.setup.message;
    const signature = `stale-upstream: ${input.setup.stale.join(", ")}`;
    const failure: Failure = { kind: "exit-code", signature, excerpt, blame: input.setup.stale[0] ?? null };
    return { ...base, status: "stale-upstream", installed: {}, seconds: 0, attempts: 0, failure };
  }
  if (input.setup.status === "infra-error") {
    const excerpt = input.setup.message;
    const failure: Failure = { kind: "exit-code", signature: normalizeText(excerpt), excerpt, blame: null };
    return { ...base, status: "infra-error", installed: {}, seconds: 0, attempts: 0, failure };
  }
  const known = input.setup.importNames ?? {};
  const verdicts = input.attempts.map((a) => classifyAttempt(a, input.expect, known));
  const { status, decidedBy } = classifyAttempts(verdicts);
  const failed = verdicts.filter((v) => v.failure !== null);
  const seconds = input.attempts.reduce((sum, a) => sum + a.seconds, 0);
  return {
    ...base,
    status,
    installed: input.setup.installed,
    seconds: Math.round(seconds * 1000) / 1000,
    attempts: input.attempts.length,
    metrics: input.attempts[decidedBy]?.metrics ?? base.metrics,
    failure: status === "pass" ? null : (failed[failed.length - 1]?.failure ?? null),
  };
}
