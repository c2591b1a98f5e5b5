/**
 * How commands speak: with `--json` the machine-readable result goes to stdout and the human text
 * to stderr; without it the human text goes to stdout. No colours, so NO_COLOR always holds.
 */
import { setOutput } from "@actions/core";
import { collectSecrets, redactText } from "../core/results/redact.js";

/** Where a command's output goes; tests pass their own streams. */
export interface OutputOptions {
  json: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Prints a command's result once, in the form the options ask for. */
export function emitResult(opts: OutputOptions, data: unknown, human: string): void {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const text = human.endsWith("\n") || human === "" ? human : `${human}\n`;
  if (opts.json) {
    stderr.write(text);
    stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  } else {
    stdout.write(text);
  }
}

/** Sets a step output inside GitHub Actions (through `$GITHUB_OUTPUT`); false outside Actions. */
export function setActionsOutput(name: string, value: string, env = process.env): boolean {
  if (!env.GITHUB_OUTPUT) return false;
  // `$GITHUB_OUTPUT` is a file the runner publishes: redacted like everything that leaves.
  setOutput(name, redactText(value, collectSecrets(env)));
  return true;
}
