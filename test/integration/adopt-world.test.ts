/**
 * Adoption on a wrapper shaped like a real one: a PEP 621 project (`wrapit`) whose trainers,
 * imported lazily in a subpackage, import a module of a tracked upstream (`fakeup.oldmod`); its
 * newest release (2.0.0, on a local index) removes that module. A GPU-only module of the wrapper
 * fails to import under the pins too. `matrix init` then `matrix nightly` with the files init
 * wrote, no hand edit, must name fakeup 2.0.0 and list the GPU module once as known.
 */
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { readResult } from "../support/mini-world.js";
import { makePyProject } from "../support/py-project.js";
import { runCli } from "../support/run-cli.js";

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
  root = await mkdtemp(join(tmpdir(), "matrix-adopt-"));
  const wheels = join(root, "wheels");
  await Promise.all(
    [fakeup("1.0.0", true), fakeup("1.1.0", true), fakeup("2.0.0", false)].map((w) => makeWheel(w, wheels)),
  );
  index = await startIndexServer({ root: wheels });
  project = join(root, "wrapit");
  await makePyProject(
    { name: "wrapit", version: "0.1.0", requires: ["fakeup"], scripts: { wrapit: "wrapit.cli:main" } },
    project,
  );
  // PEP 621 only, as the real wrapper: the [project] table is the file's last, so its pins go at the end.
  await appendFile(join(project, "pyproject.toml"), 'dependencies = ["fakeup==1.0.0"]\n');
  await mkdir(join(project, "wrapit", "trainers"));
  await writeFile(join(project, "wrapit", "trainers", "__init__.py"), "");
  await writeFile(join(project, "wrapit", "trainers", "lora.py"), "from fakeup.oldmod import helper\n");
  await writeFile(join(project, "wrapit", "gpu_kernels.py"), "import fake_cuda_kernels  # GPU builds only\n");
  await writeFile(
    join(project, "wrapit", "cli.py"),
    'import argparse\n\n\ndef main():\n    argparse.ArgumentParser(prog="wrapit").parse_args()\n',
  );
}, 120_000);

afterAll(async () => {
  await index?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("init then nightly on a wrapper whose tracked upstream removes a module", () => {
  it("names the breaking release on the first night with the generated files", async () => {
    const env = { MATRIX_CACHE: join(root, "cache") };
    const started = performance.now();
    const init = await runCli(
      ["init", "--track", "fakeup", "--index-url", index.url, "--json"],
      project,
      env,
    );
    expect(init.exitCode, init.stderr).toBe(0);
    const matrix = parse(await readFile(join(project, "matrix.yml"), "utf8"));
    expect(matrix.variants).toEqual(["pinned", "latest-each", "latest-all"]);
    expect(matrix.jobs["import-smoke"].run).toBe('python "$MATRIX_IMPORT_SMOKE" --walk wrapit fakeup');
    expect(matrix.index).toBe(index.url);
    expect(JSON.parse(init.stdout).cells).toBe(3);
    // A mistyped flag is blamed on the flag, not on a made-up line of the matrix file.
    const typo = await runCli(["plan", "--variant", "latest-fakeupp"], project, env);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain("no variant latest-fakeupp in");
    expect(typo.stderr).toContain("; fix --variant");
    expect(typo.stderr).not.toMatch(/matrix\.yml:1:1/);

    const night = await runCli(["nightly", "--json"], project, env);
    const seconds = Math.round(performance.now() - started) / 1000;
    // A regression warns; pinned passes, so the gate lets the release ship.
    expect(night.exitCode, night.stderr).toBe(0);
    const runs = (await readdir(join(project, "reports"))).filter((n) => n !== "history" && n !== "site");
    const run = join(project, "reports", runs[0] as string);
    const summary = JSON.parse(await readFile(join(run, "summary.json"), "utf8"));
    expect(summary.blocked).toBe(false);
    expect(summary.regressions).toContainEqual(
      expect.objectContaining({
        variant: "latest-fakeup",
        job: "import-smoke",
        signature: expect.stringContaining(REMOVED),
        culprits: ["fakeup"],
        evidence: "only-package-moved",
      }),
    );
    expect(summary.bisects).toContainEqual(
      expect.objectContaining({ package: "fakeup", status: "found", first_bad: "2.0.0" }),
    );

    const pinned = await readResult(run, "pinned", "import-smoke");
    expect(pinned.status, pinned.failure?.excerpt).toBe("pass");
    // Every module was walked (wrapit, cli, gpu_kernels, trainers, trainers.lora, fakeup) and the script ran.
    expect(pinned.metrics.summary).toEqual({ modules_tried: 6, scripts_tried: 1, known_failing: 1 });
    const known = JSON.parse(await readFile(join(run, "logs", "pinned--import-smoke.imports.json"), "utf8"));
    expect(Object.keys(known.failures)).toEqual(["wrapit.gpu_kernels"]);
    const log = await readFile(join(run, "logs", "latest-fakeup--import-smoke.log"), "utf8");
    expect(log.match(/known \(fails under pinned too\): wrapit\.gpu_kernels/g)).toHaveLength(1);
    expect(existsSync(join(run, "logs", "import-smoke.py"))).toBe(true);
    console.log(`adopt world: init to the named culprit in ${seconds} s`);

    // One variant asked for: only what it installs is resolved and planned.
    const one = join(root, "run-latest");
    const single = await runCli(["run", "--variant", "latest-fakeup", "--run", one], project, env);
    expect(single.exitCode, single.stderr).toBe(0);
    expect((await readResult(one, "latest-fakeup", "import-smoke")).status).toBe("fail");
    const manifest = JSON.parse(await readFile(join(one, "manifest.json"), "utf8"));
    expect(manifest.variants.map((v: { name: string }) => v.name)).toEqual(["pinned", "latest-fakeup"]);
  }, 600_000);
});
