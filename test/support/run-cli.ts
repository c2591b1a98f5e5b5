/**
 * Runs the real `matrix` binary from source (through tsx) in a child process, as a user or a
 * workflow would, and returns its exit code and both streams.
 */
import { fileURLToPath } from "node:url";
import { execa } from "execa";

const bin = fileURLToPath(new URL("../../src/bin.ts", import.meta.url));
// Resolved here, not from the child's cwd (a temp dir with no node_modules).
const tsx = import.meta.resolve("tsx");

/** What one CLI invocation did. */
export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `matrix ...args` in `cwd` with extra environment variables. */
export async function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const result = await execa("node", ["--import", tsx, bin, ...args], {
    cwd,
    env: { NO_COLOR: "1", ...env },
    reject: false,
    timeout: 900_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
