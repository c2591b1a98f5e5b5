/**
 * `matrix gate` on run folders written as a night writes them, in GitHub Actions (the real
 * `@actions/core` writing `$GITHUB_STEP_SUMMARY` and `$GITHUB_OUTPUT`, annotations on stderr)
 * and outside it. The command is called in-process (cli.ts wires it), with the environment set
 * for the call and restored after.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gateCommand } from "../../src/commands/gate.js";
import { type GateWorld, makeGateWorld } from "../support/gate-world.js";
import { readStepOutputs, runInProcess } from "../support/in-process.js";
import type { Cell } from "../support/night-summary.js";

let world: GateWorld;
// @actions/core keeps the step summary's path of its first write: one file for the whole file.
let stepSummary: string;
let outputs: string;

beforeAll(async () => {
  world = await makeGateWorld("matrix-gate-");
  stepSummary = join(world.root, "step-summary.md");
  outputs = join(world.root, "github-output");
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  await Promise.all([writeFile(stepSummary, ""), writeFile(outputs, "")]);
  await world.writeMatrix();
});

/** Runs the gate in-process with `env`; what it printed, its exit code, the Actions files. */
async function gate(args: { run?: string; json?: boolean }, env: Record<string, string>) {
  const opts = { matrix: world.matrix, reports: world.reports, json: false, ...args };
  const out = await runInProcess(() => gateCommand(opts), env);
  return { ...out, summary: await readFile(stepSummary, "utf8"), outputs: await readStepOutputs(outputs) };
}

const inActions = () => ({
  GITHUB_ACTIONS: "true",
  GITHUB_STEP_SUMMARY: stepSummary,
  GITHUB_OUTPUT: outputs,
  GITHUB_WORKSPACE: world.root,
});
const PASS: Cell = ["pinned", "smoke", "pass"];

describe("matrix gate in GitHub Actions", () => {
  it("blocks a release whose pins fail: exit 1, the table, an error on the culprit's pin line", async () => {
    const run = await world.writeNight("20260301-020000-aaaa", [
      ["pinned", "smoke", "fail", "fakeformers"],
      ["latest-fakedata", "smoke", "fail", "fakedata", "expectation: loss flat"],
    ]);
    const out = await gate({ run }, inActions());
    expect(out.exitCode).toBe(1);
    expect(out.summary).toContain("## ❌ Release blocked (20260301-020000-aaaa)");
    expect(out.summary).toContain("| pinned | ❌ fail: fakeformers (blocks) |");
    expect(out.stderr).toMatch(
      /^::error title=release blocked,file=requirements\.txt,line=2::pinned \/ smoke: fail, culprit fakeformers: TypeError/m,
    );
    expect(out.outputs).toEqual({ gate: "blocked", blockers: "1", regressions: "0" });
    const record = JSON.parse(await readFile(join(run, "gate.json"), "utf8"));
    expect(record).toMatchObject({ run: "20260301-020000-aaaa", gate: "blocked", blocked: true });
  });

  it("lets a release through when only upstream breaks: exit 0, a warning per breakage", async () => {
    const run = await world.writeNight("20260302-020000-bbbb", [
      PASS,
      ["latest-fakedata", "smoke", "fail", "fakedata", "expectation: loss flat"],
      ["latest-fakeformers", "smoke", "pass"],
    ]);
    const out = await gate({ run }, inActions());
    expect(out.exitCode).toBe(0);
    expect(out.summary).toContain("## ✅ Release gate passes");
    expect(out.summary).toContain("| latest-fakedata | ❌ fail: fakedata |");
    expect(out.stderr).toContain(
      "::warning title=upstream breakage,file=requirements.txt,line=3::latest-fakedata / smoke: fail, culprit fakedata: expectation: loss flat",
    );
    expect(out.stderr).not.toContain("::error");
    expect(out.outputs).toEqual({ gate: "pass", blockers: "0", regressions: "1" });
  });

  it("shows an expected failure as expected, with no alert, and does not block", async () => {
    await world.writeMatrix(`expected:
  - package: fakeformers
    job: smoke
    reason: pins move to fakeformers 1.1 next week
    link: https://github.com/o/r/issues/9
    until: 2099-12-31
  - package: fakedata
    job: smoke
    reason: long gone
    until: 2099-12-31
`);
    const run = await world.writeNight("20260303-020000-cccc", [["pinned", "smoke", "fail", "fakeformers"]]);
    const out = await gate({ run }, inActions());
    expect(out.exitCode).toBe(0);
    expect(out.summary).toContain("| pinned | ❌ fail (expected: pins move to fakeformers 1.1 next week) |");
    expect(out.summary).toContain("[issue](https://github.com/o/r/issues/9)");
    expect(out.stderr).not.toMatch(/^::(error|warning) title=(release blocked|upstream breakage)/m);
    // The second entry matched nothing although its job ran: stale, pointed at its line.
    expect(out.stderr).toContain(
      "::warning title=expected failure stale,file=matrix.yml,line=16::expected[1]",
    );
    expect(out.outputs).toEqual({ gate: "pass", blockers: "0", regressions: "0" });
  });

  it("says loudly when an entry has expired, and the breakage it covered blocks again", async () => {
    await world.writeMatrix(`expected:
  - package: fakeformers
    job: smoke
    reason: was to be fixed by March
    until: 2000-01-01
`);
    const run = await world.writeNight("20260304-020000-dddd", [["pinned", "smoke", "fail", "fakeformers"]]);
    const out = await gate({ run }, inActions());
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain(
      "::warning title=expected failure expired,file=matrix.yml,line=11::expected[0] expired after 2000-01-01",
    );
    expect(out.stderr).toMatch(/^::error title=release blocked,file=requirements\.txt,line=2::/m);
  });

  it("blocks on a variant the policy names", async () => {
    await world.writeMatrix("gate:\n  block_on: [latest-all]\n");
    const run = await world.writeNight("20260305-020000-eeee", [
      PASS,
      ["latest-all", "smoke", "timeout", undefined, "timeout"],
    ]);
    const out = await gate({ run }, inActions());
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/^::error title=release blocked::latest-all \/ smoke: timeout$/m);
  });

  it("keeps stdout JSON alone with --json: the annotations go to stderr, where the runner reads them too", async () => {
    const run = await world.writeNight("20260305-030000-abab", [["pinned", "smoke", "fail", "fakeformers"]]);
    const out = await gate({ run, json: true }, inActions());
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ run: "20260305-030000-abab", gate: "blocked" });
    expect(out.stdout).not.toContain("::");
    expect(out.stderr).toMatch(
      /^::error title=release blocked,file=requirements\.txt,line=2::pinned \/ smoke/m,
    );
    expect(out.outputs).toMatchObject({ gate: "blocked", blockers: "1" });
  });
});

describe("matrix gate outside Actions", () => {
  it("prints the table for the newest run, and writes no Actions files", async () => {
    await world.writeNight("20260306-020000-ffff", [PASS, ["latest-fakedata", "smoke", "fail", "fakedata"]]);
    await world.writeNight("20260307-020000-0000", [PASS]);
    const out = await gate({}, {});
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^## ✅ Release gate passes \(20260307-020000-0000\)\n/);
    expect(out.stdout).toContain("| pinned | ✅ pass |");
    expect(out.stdout).not.toContain("::");
    expect([out.summary, out.outputs]).toEqual(["", {}]);
  });

  it("prints the decision as JSON with --json, and exits 1 when blocked", async () => {
    const run = await world.writeNight("20260308-020000-1111", [["pinned", "smoke", "install-error"]]);
    const out = await gate({ run, json: true }, {});
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({
      run: "20260308-020000-1111",
      gate: "blocked",
      blockers: [expect.objectContaining({ variant: "pinned", job: "smoke", status: "install-error" })],
    });
  });

  it("gates a night split over runners from its manifest and results, with no summary yet", async () => {
    const run = await world.writeSplitNight("20260309-020000-2222", [
      PASS,
      ["latest-fakedata", "smoke", "fail", "fakedata", "expectation: loss flat"],
      ["latest-fakeformers", "smoke", "pass"],
    ]);
    const out = await gate({ run }, {});
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^## ✅ Release gate passes \(20260309-020000-2222\)\n/);
    expect(out.stdout).toContain("| latest-fakedata | ❌ fail: fakedata |");
  });

  it("refuses a run folder without a summary, naming it", async () => {
    await expect(gate({ run: join(world.root, "nowhere") }, {})).rejects.toThrow(
      /nowhere\/summary\.json:1:1: no summary and no results in this run; run `matrix nightly` first/,
    );
  });
});
