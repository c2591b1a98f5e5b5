/**
 * Projects that are not an installable package: a requirements file with a training script
 * beside it (no `project.path`), a PEP 621 pyproject with no build system, and, for contrast, a
 * real Python project at the root of a git repository whose `reports/` sits inside it. Real uv
 * environments from the mini world's local index, jobs that really run.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeGitRepo } from "../support/git-repo.js";
import { type MiniWorld, makeMiniWorld, readResult } from "../support/mini-world.js";
import { makePyProject } from "../support/py-project.js";
import { runCli } from "../support/run-cli.js";
import { TRAIN_JOB, writeScriptProject } from "../support/script-project.js";

let world: MiniWorld;
const PINS = "fakeformers==1.0.0\nfakedata==1.0.0\n";
const TYPE_ERROR = "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'";

beforeAll(async () => {
  world = await makeMiniWorld("matrix-reqonly-");
});

afterAll(async () => {
  await world?.close();
});

/** A matrix over the mini world's index with the given `project` section and variants. */
function matrixOf(name: string, project: Record<string, string>, variants: string[]): string {
  return stringify({
    name,
    project,
    index: world.index.url,
    installer: "uv",
    packages: { fakeformers: {}, fakedata: {} },
    variants,
    jobs: { smoke: TRAIN_JOB },
  });
}

/** The one run folder under `reports`. */
async function onlyRun(reports: string): Promise<string> {
  const runs = (await readdir(reports)).filter((name) => name !== "history" && name !== "site");
  expect(runs).toHaveLength(1);
  return join(reports, runs[0] as string);
}

describe("a project that is only a requirements file", () => {
  it("runs the job where the requirements live, passes pinned and exits 0", async () => {
    const repo = await writeScriptProject(join(world.root, "trainrepo"), {
      files: { "requirements.txt": PINS },
    });
    await writeFile(
      join(world.root, "matrices", "reqonly.yml"),
      matrixOf("reqonly", { requirements: "../trainrepo/requirements.txt" }, ["pinned", "latest-all"]),
    );
    const cli = await world.cli([
      "nightly",
      "-m",
      "matrices/reqonly.yml",
      "--reports",
      "reports-reqonly",
      "--json",
    ]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const run = await onlyRun(join(world.root, "reports-reqonly"));
    const summary = JSON.parse(await readFile(join(run, "summary.json"), "utf8"));
    expect(summary).toMatchObject({ blocked: false, blockers: [] });
    expect(summary.passed).toEqual([expect.objectContaining({ variant: "pinned", job: "smoke" })]);
    // latest-all takes fakeformers 1.1.0, which breaks: a regression, not a blocker. No
    // single-package variant ran, so the interaction search tries each package alone first:
    // fakeformers alone fails the same way, so it is the culprit and no interaction.
    expect(summary.regressions).toEqual([
      expect.objectContaining({
        variant: "latest-all",
        status: "fail",
        signature: expect.stringContaining(TYPE_ERROR),
        culprits: ["fakeformers"],
        evidence: "single-package-variant",
      }),
    ]);

    const where = await realpath(repo);
    const pinned = await readResult(run, "pinned", "smoke");
    // Nothing but the requirements: there is no project to install.
    expect(pinned).toMatchObject({ status: "pass", installed: { fakeformers: "1.0.0", fakedata: "1.0.0" } });
    expect(Object.keys(pinned.installed).sort()).toEqual(["fakedata", "fakeformers"]);
    expect(pinned.metrics.summary).toEqual({ cwd: where, variant: "pinned", fakeformers: "1.0.0" });
    // The relative file the script wrote is in the requirements' folder: once per variant, once
    // per subset the interaction search ran, and once per step of the night's bisect of
    // fakeformers: its bad release 1.1.0 only, since the good end 1.0.0 is the pinned release
    // tonight's pinned cell already passed with.
    expect(summary.bisects).toEqual([
      expect.objectContaining({ package: "fakeformers", status: "found", first_bad: "1.1.0" }),
    ]);
    const marker = (await readFile(join(repo, "ran-here.txt"), "utf8")).trim().split("\n").sort();
    expect(marker).toEqual(
      ["1.1.0", "latest-all", "latest-fakedata", "latest-fakeformers", "pinned"].map((v) => `${v} ${where}`),
    );
    expect(existsSync(join(world.root, "ran-here.txt"))).toBe(false);
  });
});

describe("project.path", () => {
  it("does not install a PEP 621 pyproject without [build-system]; the night still passes", async () => {
    const dir = join(world.root, "pep621");
    await writeScriptProject(dir, {
      marker: false,
      files: {
        "pyproject.toml":
          '[project]\nname = "pep621-scripts"\nversion = "0.1.0"\ndependencies = [\n  "fakeformers==1.0.0",\n  "fakedata==1.0.0",\n]\n',
        "matrix.yml": matrixOf("pep621", { path: ".", requirements: "pyproject.toml" }, [
          "pinned",
          "latest-all",
        ]),
      },
    });
    const cli = await world.cli(["nightly", "-m", "pep621/matrix.yml", "--reports", "reports-pep621"]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const run = await onlyRun(join(world.root, "reports-pep621"));
    const pinned = await readResult(run, "pinned", "smoke");
    expect(pinned.status, pinned.failure?.excerpt).toBe("pass");
    expect(Object.keys(pinned.installed).sort()).toEqual(["fakedata", "fakeformers"]);
    expect(pinned.installed).not.toHaveProperty("pep621-scripts");
    expect(pinned.metrics.summary.cwd).toBe(await realpath(dir));
    // The install log shows no project install step at all.
    expect(await readFile(join(run, "logs", "pinned--install.log"), "utf8")).not.toMatch(/--no-deps/);
    const latest = await readResult(run, "latest-all", "smoke");
    expect(latest).toMatchObject({ status: "fail", installed: { fakeformers: "1.1.0", fakedata: "2.0.0" } });
  });

  it("installs a Python project at a git root and reuses its environment when reports/ inside it grows", async () => {
    const dir = join(world.root, "gitwrapper");
    await makePyProject({ name: "gitwrapper", version: "0.1.0", requires: ["fakeformers"] }, dir);
    await writeScriptProject(dir, {
      marker: false,
      files: {
        "requirements.txt": PINS,
        "matrix.yml": matrixOf("gitroot", { path: ".", requirements: "requirements.txt" }, ["pinned"]),
      },
    });
    // Everything committed; reports/ is neither tracked nor ignored, as in a fresh checkout.
    await makeGitRepo(dir, [{ message: "wrapper", files: {} }]);
    const cache = join(world.root, "cache-gitroot");
    const matrixRun = () =>
      runCli(["run", "-m", "matrix.yml", "--variant", "pinned", "--json"], dir, { MATRIX_CACHE: cache });

    const first = await matrixRun();
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/\[pinned\] environment built with uv/);
    // The job left bytecode of helpers.py in the project, and the run its folder under reports/.
    expect(existsSync(join(dir, "__pycache__"))).toBe(true);
    const second = await matrixRun();
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/\[pinned\] environment reused uv environment/);
    expect(second.stderr).not.toMatch(/environment built/);

    const runs = (await readdir(join(dir, "reports"))).sort();
    expect(runs).toHaveLength(2);
    const [runA, runB] = runs.map((r) => join(dir, "reports", r)) as [string, string];
    expect(JSON.parse(first.stdout).run).toBe(runA);
    expect(JSON.parse(second.stdout).run).toBe(runB);
    // The same cache entry (the key did not change), first built, then reused.
    const envOf = async (run: string) =>
      /environment (\S+) \((built|reused)\)\n$/.exec(
        await readFile(join(run, "logs", "pinned--install.log"), "utf8"),
      );
    const [, envA, howA] = (await envOf(runA)) ?? [];
    const [, envB, howB] = (await envOf(runB)) ?? [];
    expect([howA, howB]).toEqual(["built", "reused"]);
    expect(envB).toBe(envA);
    expect(envA?.startsWith(join(cache, "envs"))).toBe(true);

    for (const run of [runA, runB]) {
      const result = await readResult(run, "pinned", "smoke");
      // A real Python project: installed (--no-deps) next to the pins.
      expect(result).toMatchObject({
        status: "pass",
        installed: { fakeformers: "1.0.0", fakedata: "1.0.0", gitwrapper: "0.1.0" },
      });
      expect(result.metrics.summary.cwd).toBe(await realpath(dir));
    }
  });
});
