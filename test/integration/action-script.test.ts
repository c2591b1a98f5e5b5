/**
 * action.yml's command step, run for real: its script taken from the file and run by bash the way
 * the runner runs a composite step (inputs in the environment, GITHUB_ACTION_PATH the action's
 * checkout, GITHUB_OUTPUT a file), over the built CLI.
 */

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ensureBuilt } from "../support/workflow-runners.js";

const repo = resolve(import.meta.dirname, "../..");
let script: string;
let work: string;

beforeAll(async () => {
  await ensureBuilt();
  const action = parse(await readFile(join(repo, "action.yml"), "utf8")) as {
    runs: { steps: Array<{ id?: string; run?: string }> };
  };
  script = action.runs.steps.find((s) => s.id === "command")?.run as string;
  work = await mkdtemp(join(tmpdir(), "matrix-action-"));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The step with these inputs, in a workspace `cwd`; returns the result and the outputs it set. */
async function step(inputs: Record<string, string>, cwd = work) {
  const output = join(work, `output-${Math.random().toString(16).slice(2)}`);
  await writeFile(output, "");
  const env: Record<string, string> = { GITHUB_ACTION_PATH: repo, GITHUB_OUTPUT: output, NO_COLOR: "1" };
  for (const [name, value] of Object.entries(inputs)) env[`MATRIX_${name}`] = value;
  for (const name of ["FILE_INPUT", "RUN_INPUT", "VARIANT_INPUT", "JOB_INPUT", "PACKAGE_INPUT", "BAD_INPUT"])
    env[`MATRIX_${name}`] ??= "";
  env.MATRIX_ARGS_INPUT ??= "";
  env.MATRIX_GITHUB_TOKEN_INPUT ??= "ghp_action_test";
  env.MATRIX_UPSTREAM_TOKEN_INPUT ??= "";
  const run = await execa("bash", ["-c", script], { cwd, env, reject: false });
  const text = await readFile(output, "utf8");
  return { run, outputs: text };
}

describe("action.yml's command step", () => {
  it("plans with the embedded default when the workspace has no matrix.yml, flags from args", async () => {
    const { run, outputs } = await step({ COMMAND: "plan", ARGS_INPUT: "--github\n  --variant pinned" });
    expect(run.exitCode, run.stderr).toBe(0);
    const include = JSON.parse(run.stdout).include;
    // The embedded default's lora-smoke, and its knob cells the wrapper did not refuse.
    expect(include).toContainEqual(expect.objectContaining({ variant: "pinned", job: "lora-smoke" }));
    expect(include.every((c: { variant: string }) => c.variant === "pinned")).toBe(true);
    // The wrapper judged them: its 8-bit optimizer is refused without CUDA, so no such cell.
    const knobIds = include.flatMap((c: { knobs?: string }) => (c.knobs ? [c.knobs] : []));
    expect(knobIds.length).toBeGreaterThan(0);
    expect(knobIds.filter((id: string) => id.includes("bnb"))).toEqual([]);
    expect(outputs).toMatch(new RegExp(`count<<[^\\n]*\\n${include.length}\\n`));
    expect(outputs).toMatch(/exit-code=0|exit-code<<[^\n]*\n0\n/);
  });

  it("prefers the workspace's matrix.yml", async () => {
    const ws = await mkdtemp(join(work, "ws-"));
    const text = (await readFile(join(repo, "matrices", "default.yml"), "utf8"))
      .replace(/^name: .*$/m, "name: from-the-workspace")
      .replaceAll("../fixtures/", `${join(repo, "fixtures")}/`);
    await writeFile(join(ws, "matrix.yml"), text);
    const { run } = await step({ COMMAND: "plan" }, ws);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^from-the-workspace: /);
  });

  it("refuses a command it does not know, before anything runs", async () => {
    const { run, outputs } = await step({ COMMAND: "rm" });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("::error title=matrix action::unknown command 'rm'");
    expect(outputs).toBe("");
  });

  it("passes args as words, never as shell text, and reports the CLI's exit code", async () => {
    const marker = join(work, "injected");
    const injection = `$(touch\${IFS}${marker})`;
    const { run, outputs } = await step({ COMMAND: "plan", ARGS_INPUT: `--variant ${injection}` });
    expect(run.exitCode).toBe(2);
    expect(existsSync(marker)).toBe(false);
    expect(run.stderr).toContain(`no variant ${injection}`);
    expect(outputs).toMatch(/exit-code=2|exit-code<<[^\n]*\n2\n/);
  });
});
