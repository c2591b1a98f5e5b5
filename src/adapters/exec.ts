/**
 * Runs one process (a smoke job, an installer) in its own process group, so that a timeout, and
 * the end of the run, can kill the whole tree: a training script that forked dataloader workers
 * or a background server must not outlive its cell. stdout and stderr are interleaved in the
 * order the process wrote them (stderr is redirected onto stdout inside the child), streamed to a
 * log file line by line through the redactor (the log is uploaded with the run: a token the job
 * printed is `***` there, the line kept), and the tail is kept for the failure signature.
 */

import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { execa } from "execa";
import { collectSecrets, createLineRedactor } from "../core/results/redact.js";
import { scrubEnv } from "../core/results/scrub-env.js";

// A line longer than this (a progress bar redrawn with \r for minutes) is written in pieces, not held.
const LOG_LINE_LIMIT = 64 * 1024;

/** What to run and how. */
export interface RunProcessOptions {
  /** A shell command line (run with `bash -c`) or an argv (run as is). */
  command: string | string[];
  cwd: string;
  /** Variables set on top of the inherited environment (they win over it). */
  env?: Record<string, string>;
  /** `scrubbed` (default): the harness's environment without credentials; `full`: as is (installers). */
  inherit?: "scrubbed" | "full";
  timeoutMs: number;
  /** After SIGTERM, how long the group gets before SIGKILL. */
  graceMs?: number;
  /** Output is streamed here (created or truncated) as it arrives. */
  logFile?: string;
  /** Called with each complete output line, e.g. for progress. */
  onLine?: (line: string) => void;
  /** How much of the end of the output `output` keeps; tracebacks sit at the end. */
  tailChars?: number;
}

/** How it ended. Expected failures (non-zero exit, timeout) are data, not exceptions. */
export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** The last `tailChars` characters of the interleaved output. */
  output: string;
  /** Set when the process could not be started at all (missing cwd, no bash). */
  spawnError?: string;
}

/** The argv handed to execa: bash merges stderr into stdout, then becomes the command. */
function argvOf(command: string | string[]): string[] {
  if (typeof command === "string") return ["bash", "-c", `exec 2>&1\n${command}`];
  return ["bash", "-c", 'exec "$@" 2>&1', "bash", ...command];
}

/** Signals the whole group; a group that is already gone is not an error. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every member has exited already.
  }
}

/** The system's own words for a failed start (`spawn bash ENOENT`), not execa's wrapping of them. */
function messageOf(cause: unknown): string | undefined {
  return cause instanceof Error ? cause.message : undefined;
}

/** Runs the command to completion (or timeout) and reports how it ended. */
export async function runProcess(opts: RunProcessOptions): Promise<ProcessResult> {
  const tailChars = opts.tailChars ?? 256 * 1024;
  const base = opts.inherit === "full" ? { ...process.env } : scrubEnv(process.env);
  let log: WriteStream | undefined;
  if (opts.logFile) {
    await mkdir(dirname(opts.logFile), { recursive: true });
    log = createWriteStream(opts.logFile);
  }
  const started = performance.now();
  const [file, ...args] = argvOf(opts.command) as [string, ...string[]];
  // execa spawns; the group, the tail, the redacted log and the timeout stay ours: execa's own
  // timeout and cleanup signal the leader only, and its buffering would hold a minutes-long line.
  const child = execa(file, args, {
    cwd: opts.cwd,
    env: { ...base, ...opts.env },
    extendEnv: false,
    detached: true,
    stdin: "ignore",
    buffer: false,
    reject: false,
    forceKillAfterDelay: false,
  });

  let output = "";
  let partial = "";
  let logPartial = "";
  const redactLine = createLineRedactor(collectSecrets({ ...process.env, ...opts.env }));
  const decoder = new StringDecoder("utf8");
  const onData = (chunk: Buffer) => {
    const text = decoder.write(chunk);
    if (log) {
      const lines = (logPartial + text).split("\n");
      logPartial = lines.pop() ?? "";
      if (logPartial.length > LOG_LINE_LIMIT) {
        lines.push(logPartial);
        logPartial = "";
      }
      if (lines.length > 0) log.write(`${lines.map(redactLine).join("\n")}\n`);
    }
    output = (output + text).slice(-tailChars);
    if (!opts.onLine) return;
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) opts.onLine(line.replace(/\r$/, ""));
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);

  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    signalGroup(child.pid, "SIGTERM");
    killTimer = setTimeout(() => signalGroup(child.pid, "SIGKILL"), opts.graceMs ?? 10_000);
  }, opts.timeoutMs);

  // `exit`, not the end of the pipes: a grandchild holding them open would otherwise keep us
  // waiting. A process that never started settles the promise without an `exit`.
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await Promise.race([exited, child]);
  clearTimeout(timer);
  clearTimeout(killTimer);
  // Whatever the leader left running in its group (background jobs, workers) dies with it.
  signalGroup(child.pid, "SIGKILL");
  const ended = await child;
  const spawnError = ended.failed && ended.exitCode === undefined && ended.signal === undefined;
  const last = decoder.end();
  output = (output + last).slice(-tailChars);
  if (opts.onLine && partial + last !== "") opts.onLine(partial + last);
  if (log) {
    const stream = log;
    const rest = logPartial + last;
    if (rest !== "") stream.write(redactLine(rest));
    await new Promise<void>((resolve) => stream.end(resolve));
  }
  return {
    exitCode: ended.exitCode ?? null,
    signal: ended.signal ?? null,
    timedOut,
    durationMs: Math.round(performance.now() - started),
    output,
    ...(spawnError ? { spawnError: messageOf(ended.cause) ?? ended.shortMessage } : {}),
  };
}
