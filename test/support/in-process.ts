/**
 * Runs a command function in this process as the CLI would run it: with some environment
 * variables set (and the GitHub Actions ones not given removed), stdout and stderr (where
 * annotations go) captured and kept out of the test's log, and the exit code it returned. Everything is restored after, so tests in one file do not leak into each other.
 */
import { readFile } from "node:fs/promises";
import { vi } from "vitest";

/** What the call printed and the exit code it returned. */
export interface InProcessRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const ACTIONS_VARIABLES = ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_WORKSPACE"];

/** Calls `command` with `env` set. */
export async function runInProcess(
  command: () => Promise<number>,
  env: Record<string, string>,
): Promise<InProcessRun> {
  const names = [...new Set([...ACTIONS_VARIABLES, ...Object.keys(env)])];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  Object.assign(process.env, env);
  const chunks: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  const errChunks: string[] = [];
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    errChunks.push(String(chunk));
    return true;
  });
  let exitCode: number;
  try {
    exitCode = await command();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  }
  return { exitCode, stdout: chunks.join(""), stderr: errChunks.join("") };
}

/** The step outputs in a `$GITHUB_OUTPUT` file, as `@actions/core` writes them (`name<<delimiter`). */
export async function readStepOutputs(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, "utf8");
  const pairs = [...text.matchAll(/^(\w+)<<(\S+)\n([\s\S]*?)\n\2$/gm)].map((m) => [m[1], m[3]]);
  return Object.fromEntries(pairs);
}
