/**
 * The import smoke on split runners: each cell of the night on a runner of its own, as the
 * Actions fan-out runs it. The wrapper's GPU-only module fails under the pins too; a cell run
 * without pinned's cell makes pinned's baseline on its runner, so that module is known, not a
 * regression, and the breaking release is named by the module it really broke, as one process does.
 */
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { readResult } from "../support/mini-world.js";
import { makePyProject } from "../support/py-project.js";
import { runCli } from "../support/run-cli.js";
import { playSplitNight } from "../support/split-night.js";
import { ensureBuilt } from "../support/workflow-runners.js";

let root: string;
let index: IndexServer;
let project: string;
const REMOVED = "wrapit.trainers.lora: ModuleNotFoundError: No module named 'fakeup.oldmod'";

const fakeup = (version: string, withOldmod: boolean) => ({
  name: "fakeup",
  version,
  files: {
    "fakeup/__init__.py": `__version__ = "${version}"\n`,
    ...(withOldmod ? { "fakeup/oldmod.py": "def helper():\n    return 1\n" } : {}),
  },
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-split-baseline-"));
  const wheels = join(root, "wheels");
  await Promise.all([fakeup("1.0.0", true), fakeup("2.0.0", false)].map((w) => makeWheel(w, wheels)));
  index = await startIndexServer({ root: wheels });
  project = join(root, "wrapit");
  await makePyProject({ name: "wrapit", version: "0.1.0", requires: ["fakeup"] }, project);
  await appendFile(join(project, "pyproject.toml"), 'dependencies = ["fakeup==1.0.0"]\n');
  await mkdir(join(project, "wrapit", "trainers"));
  await writeFile(join(project, "wrapit", "trainers", "__init__.py"), "");
  await writeFile(join(project, "wrapit", "trainers", "lora.py"), "from fakeup.oldmod import helper\n");
  // Sorts before wrapit.trainers.lora: judged without a baseline, it would lead the failure.
  await writeFile(join(project, "wrapit", "gpu_kernels.py"), "import fake_cuda_kernels  # GPU builds only\n");
  await ensureBuilt();
}, 180_000);

afterAll(async () => {
  await index?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("a split night's import smoke", () => {
  it("judges each variant's cell against a pinned baseline made on its own runner", async () => {
    const env = { MATRIX_CACHE: join(root, "split", "cache") };
    const init = await runCli(["init", "--track", "fakeup", "--index-url", index.url], project, env);
    expect(init.exitCode, init.stderr).toBe(0);
    const id = "20261202-020000-0001";
    const night = await playSplitNight({ root, matrix: join(project, "matrix.yml"), id, previous: null });
    expect(night.cells).toBe(3);

    // The latest-fakeup cell's own runner: pinned's cell ran elsewhere, so it made the baseline.
    const cellRun = join(root, "split", id, "run-latest-fakeup--import-smoke", "reports", id);
    expect(existsSync(join(cellRun, "logs", "pinned--import-smoke.imports.json"))).toBe(false);
    const probe = join(cellRun, "logs", "latest-fakeup--import-smoke.baseline");
    const baseline = JSON.parse(await readFile(join(probe, "pinned--import-smoke.imports.json"), "utf8"));
    expect(Object.keys(baseline.failures)).toEqual(["wrapit.gpu_kernels"]);
    const log = await readFile(join(cellRun, "logs", "latest-fakeup--import-smoke.log"), "utf8");
    expect(log.match(/known \(fails under pinned too\): wrapit\.gpu_kernels/g)).toHaveLength(1);
    const cell = await readResult(cellRun, "latest-fakeup", "import-smoke");
    expect(cell.status).toBe("fail");
    expect(cell.failure?.signature).toContain(REMOVED);
    expect(cell.failure?.signature).not.toContain("gpu_kernels");
    expect(cell.metrics.summary).toMatchObject({ known_failing: 1 });

    // Pinned's own cell and its files are as one process leaves them; the merged night names the release.
    const summary = JSON.parse(await readFile(join(night.run, "summary.json"), "utf8"));
    expect(summary.blocked).toBe(false);
    for (const variant of ["latest-fakeup", "latest-all"])
      expect(summary.regressions).toContainEqual(
        expect.objectContaining({
          variant,
          job: "import-smoke",
          signature: expect.stringContaining(REMOVED),
        }),
      );
    expect(JSON.stringify(summary.regressions)).not.toContain("gpu_kernels");
    const pinned = await readResult(night.run, "pinned", "import-smoke");
    expect(pinned.status).toBe("pass");
    expect(await readFile(join(night.run, "logs", "pinned--import-smoke.log"), "utf8")).toContain(
      "known (fails under pinned too): wrapit.gpu_kernels",
    );
  }, 900_000);
});
