/**
 * `matrix run` end to end through the real CLI: real venvs made by uv (and once by pip), made-up
 * packages on a local index, a git upstream on disk, and a smoke job that really runs. Each test
 * reads back what a CI job would: result records, logs, exit code, stderr.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWheel } from "../support/make-wheel.js";
import {
  isGone,
  type MiniWorld,
  makeMiniWorld,
  REQUIREMENTS,
  readResult,
  SMOKE_JOB,
} from "../support/mini-world.js";

let world: MiniWorld;
const runDir = (name: string) => join(world.root, "runs", name);

beforeAll(async () => {
  world = await makeMiniWorld("matrix-run-");
});

afterAll(async () => {
  await world?.close();
});

describe("matrix run", () => {
  it.each(["uv", "pip"] as const)(
    "runs the smoke job in a %s environment that never sees the harness's GITHUB_TOKEN",
    async (installer) => {
      const matrix = await world.writeMatrix(`smoke-${installer}`, {
        installer,
        requirements: "pins.txt",
        variants: ["pinned"],
        jobs: { smoke: SMOKE_JOB },
      });
      const run = runDir(`smoke-${installer}`);
      const cli = await world.cli(["run", "-m", matrix, "--run", run, "--json"], {
        GITHUB_TOKEN: "ghs_harness_only_0123456789",
      });
      expect(cli.exitCode, cli.stderr).toBe(0);
      const result = await readResult(run, "pinned", "smoke");
      expect(result).toMatchObject({
        status: "pass",
        attempts: 1,
        failure: null,
        // The project itself is installed (--no-deps) next to the pins.
        installed: { fakeformers: "1.0.0", fakedata: "1.0.0", minitune: "0.1.0" },
      });
      // The job could read its own variables, so a missing token is scrubbing, not a broken probe.
      expect(result.metrics.summary).toEqual({ github_token: null, variant: "pinned", fakeformers: "1.0.0" });
      expect(result.metrics.steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(JSON.parse(cli.stdout)).toEqual({ run, results: [result] });
      expect(cli.stderr).toContain(`[pinned] environment built with ${installer}`);
      expect(existsSync(join(run, "logs", "pinned--smoke.log"))).toBe(true);
      expect(await readFile(join(run, "logs", "pinned--install.log"), "utf8")).toMatch(/\(built\)\n$/);
    },
  );

  it("kills a hung job's whole process group at its timeout, and calls pass-after-fail flaky", async () => {
    const pidFile = join(world.root, "state", "worker.pid");
    const matrix = await world.writeMatrix("jobs", {
      requirements: "pins.txt",
      variants: ["pinned"],
      jobs: {
        hang: { ...SMOKE_JOB, run: "python -m minitune hang", timeout: "3s", env: { MINI_PIDFILE: pidFile } },
        flaky: {
          ...SMOKE_JOB,
          run: "python -m minitune flaky",
          retries: 1,
          env: { MINI_MARKER: join(world.root, "state", "flaky.marker") },
        },
      },
    });
    const run = runDir("jobs");
    const cli = await world.cli(["run", "-m", matrix, "--run", run, "--workers", "2"]);
    // Results are data: whatever the cells did, `matrix run` itself succeeded.
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/pinned \/ hang: timeout/);
    expect(cli.stdout).toMatch(/pinned \/ flaky: flaky/);

    const hang = await readResult(run, "pinned", "hang");
    expect(hang).toMatchObject({
      status: "timeout",
      attempts: 1,
      failure: { kind: "exit-code", signature: "timeout", blame: null },
    });
    // SIGTERM ends the leader at 3 s; waiting out the 10 s grace would mean the group kill failed.
    expect(hang.seconds).toBeGreaterThanOrEqual(3);
    expect(hang.seconds).toBeLessThan(10);
    const worker = Number(await readFile(pidFile, "utf8"));
    expect(worker).toBeGreaterThan(0);
    expect(await isGone(worker), `worker ${worker} outlived its job`).toBe(true);
    expect(existsSync(join(run, "logs", "pinned--hang.log"))).toBe(true);

    const flaky = await readResult(run, "pinned", "flaky");
    expect(flaky).toMatchObject({
      status: "flaky",
      attempts: 2,
      // The failure it showed before passing is kept, for the dashboard.
      failure: { kind: "exception", signature: expect.stringContaining("RuntimeError: NCCL watchdog") },
    });
    expect(flaky.metrics.steps).toHaveLength(8);
    expect(existsSync(join(run, "logs", "pinned--flaky.log"))).toBe(true);
    expect(existsSync(join(run, "logs", "pinned--flaky.retry-1.log"))).toBe(true);
  });

  it("blames a failure inside bs4 on beautifulsoup4, as the environment's metadata says (no table has bs4)", async () => {
    // A distribution whose import name is not its name, on the local index (it serves what is there).
    await makeWheel(
      {
        name: "beautifulsoup4",
        version: "4.99.0",
        files: { "bs4/__init__.py": "def parse(text):\n    raise ValueError('no parser for ' + text)\n" },
      },
      join(world.root, "wheels"),
    );
    await writeFile(
      join(world.root, "reqs", "soup.txt"),
      `${REQUIREMENTS["pins.txt"]}beautifulsoup4==4.99.0\n`,
    );
    const matrix = await world.writeMatrix("soup", {
      // A requirements file of this test's own, beside the world's.
      requirements: "soup.txt" as keyof typeof REQUIREMENTS,
      variants: ["pinned"],
      jobs: { soup: { ...SMOKE_JOB, run: "python -c 'import bs4; bs4.parse(\"<a>\")'" } },
    });
    const run = runDir("soup");
    const cli = await world.cli(["run", "-m", matrix, "--run", run]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const result = await readResult(run, "pinned", "soup");
    expect(result).toMatchObject({
      status: "fail",
      installed: { beautifulsoup4: "4.99.0" },
      failure: { kind: "exception", blame: "beautifulsoup4" },
    });
  });

  it("names the signal a silent job died of, and the crash site Python's fault handler printed", async () => {
    // A native crash on import, the way an extension built for another CPU dies: no traceback.
    const script = join(world.root, "state", "crash_on_import.py");
    await writeFile(
      script,
      "import os, signal\n\n\ndef load_native():\n    os.kill(os.getpid(), signal.SIGILL)\n\n\nload_native()\n",
    );
    const matrix = await world.writeMatrix("crash", {
      requirements: "pins.txt",
      variants: ["pinned"],
      jobs: { crash: { ...SMOKE_JOB, run: `exec python ${script}` } },
    });
    const run = runDir("crash");
    const cli = await world.cli(["run", "-m", matrix, "--run", run]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const result = await readResult(run, "pinned", "crash");
    expect(result).toMatchObject({
      status: "fail",
      failure: {
        kind: "signal",
        signature: "signal SIGILL @ crash_on_import.py:load_native < crash_on_import.py:<module>",
      },
    });
    expect(result.failure?.excerpt).toContain("Fatal Python error: Illegal instruction");
    const log = await readFile(join(run, "logs", "pinned--crash.log"), "utf8");
    expect(log).toMatch(/File ".*crash_on_import\.py", line 5 in load_native/);
    expect(cli.stdout).toContain("pinned / crash: fail");
    expect(cli.stdout).toContain(
      "killed by SIGILL (illegal instruction) at state/crash_on_import.py:load_native",
    );
  });

  it("records a pin the index does not have as install-error with the resolver's words", async () => {
    const matrix = await world.writeMatrix("missing", {
      requirements: "missing.txt",
      variants: ["pinned"],
      jobs: { smoke: SMOKE_JOB },
    });
    const run = runDir("missing");
    const cli = await world.cli(["run", "-m", matrix, "--run", run]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const result = await readResult(run, "pinned", "smoke");
    expect(result).toMatchObject({ status: "install-error", attempts: 0, installed: {} });
    expect(result.failure?.excerpt).toMatch(/no version of fakedata==0\.9\.9/);
    expect(result.failure?.signature).toMatch(/^install: /);
    expect(cli.stderr).toContain("[pinned] environment install failed");
    expect(await readFile(join(run, "logs", "pinned--install.log"), "utf8")).toContain("fakedata==0.9.9");
    // The line shown for the cell is the resolver's explanation, then where the whole log is.
    expect(cli.stdout).toContain(
      "  pinned / smoke: install-error (0.0s): Because there is no version of fakedata==0.9.9",
    );
    expect(cli.stdout).toContain(`\n      log: ${join(run, "logs", "pinned--install.log")}`);
  });

  it("exits 2 with one line naming the flag for a variant the run does not have", async () => {
    const matrix = await world.writeMatrix("one", {
      requirements: "pins.txt",
      variants: ["pinned"],
      jobs: { smoke: SMOKE_JOB },
    });
    const cli = await world.cli(["run", "-m", matrix, "--run", runDir("one"), "--variant", "latest-all"]);
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr).toMatch(
      /^matrix: --variant latest-all: no such variant in this run \(have: pinned\)$/m,
    );
    expect(cli.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("matrix run into a folder `matrix variants` planned", () => {
  // A cache of its own, so "built" and "reused" mean this folder's environments.
  const cache = "cache-upstream";
  let run: string;
  let matrix: string;
  let manifestText: string;
  const cells = ["--variant", "pinned", "--variant", "upstream-fakeformers"];

  beforeAll(async () => {
    run = runDir("upstream");
    matrix = await world.writeMatrix("upstream", {
      requirements: "pins.txt",
      variants: ["pinned", "upstream-fakeformers"],
      jobs: { smoke: SMOKE_JOB },
      fakeformersRepo: world.upstreamUrl,
    });
  });

  it("installs the upstream SHA in the manifest, though main moved on to a broken commit", async () => {
    const planned = await world.cli(["variants", "-m", matrix, "--run", run], {}, cache);
    expect(planned.exitCode, planned.stderr).toBe(0);
    manifestText = await readFile(join(run, "manifest.json"), "utf8");
    const [planSha] = world.upstreamShas;
    const upstream = JSON.parse(manifestText).variants.find(
      (v: { name: string }) => v.name === "upstream-fakeformers",
    );
    expect(upstream.packages.fakeformers).toMatchObject({ source: "upstream", sha: planSha });

    // Had the run resolved main again, it would install this commit and fail.
    await world.breakUpstream();
    const cli = await world.cli(["run", "-m", matrix, "--run", run, ...cells], {}, cache);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const result = await readResult(run, "upstream-fakeformers", "smoke");
    expect(result).toMatchObject({ status: "pass", installed: { fakeformers: planSha, fakedata: "1.0.0" } });
    expect(result.metrics.summary).toMatchObject({ fakeformers: "1.2.0.dev0" });
    expect(cli.stderr).toContain("[upstream-fakeformers] environment built with uv");
  });

  it("reuses the manifest and every environment on a second run into the same folder", async () => {
    const cli = await world.cli(["run", "-m", matrix, "--run", run, ...cells], {}, cache);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(await readFile(join(run, "manifest.json"), "utf8")).toBe(manifestText);
    for (const variant of ["pinned", "upstream-fakeformers"]) {
      expect(cli.stderr).toContain(`[${variant}] environment reused uv environment`);
      expect(await readFile(join(run, "logs", `${variant}--install.log`), "utf8")).toMatch(/\(reused\)\n$/);
      expect((await readResult(run, variant, "smoke")).status).toBe("pass");
    }
    expect((await readResult(run, "upstream-fakeformers", "smoke")).installed.fakeformers).toBe(
      world.upstreamShas[0],
    );
  });
});
