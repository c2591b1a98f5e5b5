/**
 * The harness built once a night: the plan job's pack step (matrix-night.yml, step `pack`) over a
 * built harness, then action.yml's install step in a fresh checkout with the `harness` artifact
 * where download-artifact puts it. Both scripts are taken from the files and run by bash the way
 * the runner runs them; the harness unpacked runs, without npm ci and without dev dependencies,
 * and draws the dashboard with the page script bundled on the plan runner (dist/page.js).
 */
import { existsSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { recordHistory } from "../../src/engine/report/history-store.js";
import { pageNights } from "../support/dashboard-nights.js";
import { ensureBuilt } from "../support/workflow-runners.js";

const repo = resolve(import.meta.dirname, "../..");
type Step = { id?: string; name?: string; run?: string };
let pack: string;
let install: string;
let root: string;

beforeAll(async () => {
  await ensureBuilt();
  const night = parse(await readText(".github/workflows/matrix-night.yml")) as {
    jobs: { plan: { steps: Step[] } };
  };
  pack = night.jobs.plan.steps.find((s) => s.id === "pack")?.run as string;
  const action = parse(await readText("action.yml")) as { runs: { steps: Step[] } };
  install = action.runs.steps.find((s) => s.name === "Install the harness")?.run as string;
  root = await mkdtemp(join(tmpdir(), "matrix-pack-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function readText(file: string): Promise<string> {
  return readFile(join(repo, file), "utf8");
}

/** A step's script as the runner runs it (`bash -e -o pipefail`), with RUNNER_TEMP set. */
function runScript(script: string, cwd: string, temp: string) {
  return execa("bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script], {
    cwd,
    env: { RUNNER_TEMP: temp },
    reject: false,
  });
}

describe("the harness built once a night", () => {
  it("packs on the plan runner and unpacks on another in place of npm ci, production dependencies only", async () => {
    const plan = join(root, "plan");
    await mkdir(plan);
    for (const part of ["package.json", "package-lock.json", "dist", "node_modules", ".tools/uv"])
      if (existsSync(join(repo, part))) await cp(join(repo, part), join(plan, part), { recursive: true });
    const planTemp = join(root, "plan-temp");
    await mkdir(planTemp);
    const packed = await runScript(pack, plan, planTemp);
    expect(packed.exitCode, packed.stderr).toBe(0);

    // download-artifact `harness` into $RUNNER_TEMP/matrix-harness on a fresh runner.
    const temp = join(root, "cell-temp");
    await mkdir(join(temp, "matrix-harness"), { recursive: true });
    await rename(join(planTemp, "harness.tgz"), join(temp, "matrix-harness", "harness.tgz"));
    const cell = join(root, "cell");
    await mkdir(cell);
    await cp(join(repo, "package.json"), join(cell, "package.json"));
    const first = await runScript(install, cell, temp);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain("matrix harness unpacked from the night's build");
    const version = await execa("node", [join(cell, "dist", "bin.js"), "--version"], { reject: false });
    expect(version.exitCode, version.stderr).toBe(0);
    expect(existsSync(join(cell, "node_modules", "yaml"))).toBe(true);
    expect(existsSync(join(cell, "node_modules", "typescript"))).toBe(false);
    expect(existsSync(join(cell, "node_modules", "vitest"))).toBe(false);
    expect(existsSync(join(cell, "node_modules", "esbuild"))).toBe(false);
    // The unpacked harness draws the dashboard with the page script the plan runner bundled.
    const history = join(root, "history");
    for (const night of pageNights()) await recordHistory(history, night);
    const report = await execa(
      "node",
      [join(cell, "dist", "bin.js"), "report", "--reports", join(root, "reports"), "--merge", history],
      { reject: false },
    );
    expect(report.exitCode, report.stderr).toBe(0);
    const page = await readFile(join(root, "reports", "site", "index.html"), "utf8");
    expect(page).toContain(`<script>${await readFile(join(cell, "dist", "page.js"), "utf8")}</script>`);

    const again = await runScript(install, cell, temp);
    expect(again.stdout).toContain("matrix harness already installed");
  });

  it("drops a packed uv that does not run on this runner (another architecture)", async () => {
    const cell = join(root, "other-arch");
    await mkdir(join(cell, "dist"), { recursive: true });
    await mkdir(join(cell, "node_modules"), { recursive: true });
    await mkdir(join(cell, ".tools", "uv", "bin"), { recursive: true });
    await writeFile(join(cell, "dist", "bin.js"), "");
    await writeFile(join(cell, "node_modules", ".package-lock.json"), "{}");
    await writeFile(join(cell, ".tools", "uv", "bin", "uv"), "#!/bin/sh\nexit 126\n");
    await chmod(join(cell, ".tools", "uv", "bin", "uv"), 0o755);
    const ran = await runScript(install, cell, join(root, "no-temp"));
    expect(ran.exitCode, ran.stderr).toBe(0);
    expect(existsSync(join(cell, ".tools", "uv"))).toBe(false);
    expect(existsSync(join(cell, "dist", "bin.js"))).toBe(true);
  });
});
