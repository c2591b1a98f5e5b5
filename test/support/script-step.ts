/**
 * A workflow's shell step (`.github/scripts/*.sh`) run as a runner runs it: bash under `set -euo
 * pipefail`, with only the variables the test names (no inherited environment), and a fake `gh`
 * on PATH that logs every call to `$GH_LOG`. Shared by the tests of each such script.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";

/** Writes `gh` (a bash script whose body is `body`, after its line that logs the call) into `<root>/bin`; returns that folder. */
export async function installFakeGh(root: string, body: string): Promise<string> {
  const bin = join(root, "bin");
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, "gh"), `#!/usr/bin/env bash\necho "$*" >> "$GH_LOG"\n${body}`);
  await chmod(join(bin, "gh"), 0o755);
  return bin;
}

/** What one step did: its exit and streams, the calls `gh` logged, the step's outputs file. */
export interface ScriptStep {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  cwd: string;
  gh: string;
  outputs: string;
}

/** Runs `script` with `args` in `cwd` (the workspace); `bin` (the fake gh's folder) on PATH unless null. */
export async function runScriptStep(
  script: string,
  cwd: string,
  args: string[],
  opts: { bin: string | null; env: Record<string, string> },
): Promise<ScriptStep> {
  const output = join(cwd, "github-output");
  const log = join(cwd, "gh.log");
  await writeFile(output, "");
  const path = opts.bin === null ? "/usr/bin:/bin" : `${opts.bin}:/usr/bin:/bin`;
  const ran = await execa("bash", ["--noprofile", "--norc", "-e", "-u", "-o", "pipefail", script, ...args], {
    cwd,
    env: { PATH: path, GITHUB_OUTPUT: output, GH_LOG: log, ...opts.env },
    extendEnv: false,
    reject: false,
  });
  const gh = existsSync(log) ? await readFile(log, "utf8") : "";
  return {
    exitCode: ran.exitCode,
    stdout: String(ran.stdout),
    stderr: String(ran.stderr),
    cwd,
    gh,
    outputs: await readFile(output, "utf8"),
  };
}
