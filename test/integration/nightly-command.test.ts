/**
 * `matrix nightly` end to end through the real CLI on the mini world: every variant built with
 * uv from a local index, smoke jobs really run, then triage and the gate's exit code. The night
 * has one breakage of each upstream kind: a release that raises, and one that silently stops
 * learning.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGitRepo } from "../support/git-repo.js";
import {
  fakeformersFiles,
  GOOD_INIT,
  type MiniWorld,
  makeMiniWorld,
  readResult,
  SMOKE_JOB,
} from "../support/mini-world.js";
import { makePyProject } from "../support/py-project.js";

let world: MiniWorld;

beforeAll(async () => {
  world = await makeMiniWorld("matrix-nightly-");
});

afterAll(async () => {
  await world?.close();
});

const TYPE_ERROR = "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'";

/** The one run folder under `reports` (nightly makes `reports/<run-id>/` itself). */
async function onlyRun(reports: string): Promise<string> {
  const runs = (await readdir(join(world.root, reports))).filter(
    (name) => name !== "history" && name !== "site",
  );
  expect(runs).toHaveLength(1);
  return join(world.root, reports, runs[0] as string);
}

describe("matrix nightly", () => {
  it("lets the release through when only upstream releases break, naming each culprit", async () => {
    const matrix = await world.writeMatrix("night", {
      requirements: "pins.txt",
      variants: ["pinned", "latest-each", "latest-all", "upstream-fakeformers"],
      jobs: { smoke: SMOKE_JOB },
      // An upstream that cannot be reached: the night goes on without it.
      fakeformersRepo: `file://${join(world.root, "upstreams", "gone")}`,
    });
    const cli = await world.cli(["nightly", "-m", matrix, "--reports", "reports-night", "--json"], {
      GITHUB_TOKEN: "ghs_harness_only_0123456789",
    });
    expect(cli.exitCode, cli.stderr).toBe(0);
    const run = await onlyRun("reports-night");
    const summary = JSON.parse(await readFile(join(run, "summary.json"), "utf8"));
    expect(JSON.parse(cli.stdout)).toEqual(summary);
    expect(summary).toMatchObject({ blocked: false, blockers: [], flaky: [] });
    expect(summary.infra).toEqual([
      expect.objectContaining({ variant: "upstream-fakeformers", job: "smoke", status: "infra-error" }),
    ]);
    expect(summary.passed).toEqual([expect.objectContaining({ variant: "pinned", job: "smoke" })]);
    expect(summary.regressions).toEqual([
      {
        variant: "latest-fakeformers",
        job: "smoke",
        status: "fail",
        signature: expect.stringContaining(TYPE_ERROR),
        culprits: ["fakeformers"],
        culprit: "fakeformers",
        evidence: "only-package-moved",
        needs_interaction_search: false,
        cleared: [],
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        bisect: expect.objectContaining({ package: "fakeformers", status: "found", first_bad: "1.1.0" }),
        // The first night of each breakage: new.
        lifecycle: expect.objectContaining({ state: "new", nights_red: 1 }),
      },
      {
        variant: "latest-fakedata",
        job: "smoke",
        status: "fail",
        signature: expect.stringMatching(/^expectation: /),
        culprits: ["fakedata"],
        culprit: "fakedata",
        evidence: "only-package-moved",
        needs_interaction_search: false,
        cleared: [],
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        bisect: expect.objectContaining({ package: "fakedata", status: "found", first_bad: "2.0.0" }),
        // The first night of each breakage: new.
        lifecycle: expect.objectContaining({ state: "new", nights_red: 1 }),
      },
      // Both packages moved and both break alone, but only fakeformers the same way as latest-all
      // (fakedata stops learning instead): that single-package variant names the culprit.
      {
        variant: "latest-all",
        job: "smoke",
        status: "fail",
        signature: expect.stringContaining(TYPE_ERROR),
        culprits: ["fakeformers"],
        culprit: "fakeformers",
        evidence: "single-package-variant",
        needs_interaction_search: false,
        cleared: [],
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        // The same culprit and job as latest-fakeformers: one bisect serves both.
        bisect: expect.objectContaining({ package: "fakeformers", status: "found", first_bad: "1.1.0" }),
        // The first night of each breakage: new.
        lifecycle: expect.objectContaining({ state: "new", nights_red: 1 }),
      },
    ]);
    // The night bisects each culprit on its own: releases from the pin to the variant's version.
    expect(summary.bisects).toEqual([
      expect.objectContaining({ package: "fakeformers", job: "smoke", status: "found", first_bad: "1.1.0" }),
      expect.objectContaining({ package: "fakedata", job: "smoke", status: "found", first_bad: "2.0.0" }),
    ]);
    const bisect = JSON.parse(await readFile(join(run, "bisect", "fakeformers--smoke.json"), "utf8"));
    expect(bisect).toMatchObject({
      kind: "releases",
      last_good: { ref: "1.0.0" },
      first_bad: { ref: "1.1.0" },
    });
    expect(cli.stderr).toContain("release gate: pinned passes");
    expect(cli.stderr).toContain("  bisect fakeformers / smoke: found, first bad 1.1.0 ");
    expect(cli.stderr).toContain("not run (infra-error): upstream-fakeformers");
    expect(cli.stderr).toContain(
      "upstream regression latest-fakeformers / smoke: fail, culprit fakeformers (only-package-moved)",
    );

    const pinned = await readResult(run, "pinned", "smoke");
    expect(pinned).toMatchObject({ status: "pass", installed: { fakeformers: "1.0.0", fakedata: "1.0.0" } });
    expect(pinned.metrics.summary.github_token).toBeNull();

    const broken = await readResult(run, "latest-fakeformers", "smoke");
    expect(broken).toMatchObject({
      status: "fail",
      attempts: 1,
      installed: { fakeformers: "1.1.0", fakedata: "1.0.0" },
      failure: { kind: "exception", blame: "fakeformers" },
    });
    // Innermost frame first: the raise inside the package, then the wrapper's call.
    expect(broken.failure?.signature).toContain("@ trainer.py:__init__ < __main__.py:train");
    expect(broken.failure?.excerpt).toMatch(/site-packages\/fakeformers\/trainer\.py/);

    const flat = await readResult(run, "latest-fakedata", "smoke");
    expect(flat).toMatchObject({
      status: "fail",
      installed: { fakeformers: "1.0.0", fakedata: "2.0.0" },
      failure: { kind: "expectation", blame: null },
    });
    // It exited 0 and reported every step: only the expectation catches it.
    expect(new Set(flat.metrics.steps.map((s) => s.loss))).toEqual(new Set([4]));
    // summary.json stays small: the steps are in the result file only.
    const summaryOfFlat = JSON.parse(await readFile(join(run, "summary.json"), "utf8")).results.find(
      (r: { variant: string }) => r.variant === "latest-fakedata",
    );
    expect(summaryOfFlat.metrics).toEqual({ steps: [], summary: flat.metrics.summary });

    const unreachable = await readResult(run, "upstream-fakeformers", "smoke");
    expect(unreachable).toMatchObject({ status: "infra-error", attempts: 0, installed: {} });
    expect(unreachable.failure?.excerpt).toMatch(/^not resolved: fakeformers: .*upstreams\/gone/);

    for (const variant of ["pinned", "latest-fakeformers", "latest-fakedata", "latest-all"]) {
      await expect(readFile(join(run, "logs", `${variant}--smoke.log`), "utf8")).resolves.toBeTypeOf(
        "string",
      );
    }
  });

  it("reports an upstream main older than the pin as stale-upstream, never as a pass", async () => {
    // A main that still declares a version below the pinned release (a lagging mirror looks the same).
    const lagging = join(world.root, "upstreams", "lagging");
    await makePyProject({ name: "fakeformers", version: "0.9.1.dev0" }, lagging);
    await makeGitRepo(lagging, [{ message: "Old main", files: fakeformersFiles("0.9.1.dev0", GOOD_INIT) }]);
    const matrix = await world.writeMatrix("stale", {
      requirements: "pins.txt",
      variants: ["pinned", "upstream-fakeformers"],
      jobs: { smoke: SMOKE_JOB },
      fakeformersRepo: `file://${lagging}`,
    });
    const cli = await world.cli(["nightly", "-m", matrix, "--reports", "reports-stale", "--json"]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const run = await onlyRun("reports-stale");
    const summary = JSON.parse(await readFile(join(run, "summary.json"), "utf8"));
    expect(summary.passed).toEqual([expect.objectContaining({ variant: "pinned", job: "smoke" })]);
    expect(summary.regressions).toEqual([]);
    expect(summary.stale).toEqual([
      expect.objectContaining({ variant: "upstream-fakeformers", job: "smoke", status: "stale-upstream" }),
    ]);
    const stale = await readResult(run, "upstream-fakeformers", "smoke");
    expect(stale).toMatchObject({ status: "stale-upstream", attempts: 0 });
    expect(stale.failure?.excerpt).toMatch(/^fakeformers upstream is 0\.9\.1\.dev0, below the pin 1\.0\.0: /);
    expect(cli.stderr).toContain(
      "stale upstream upstream-fakeformers / smoke: fakeformers upstream is 0.9.1.dev0, below the pin 1.0.0",
    );
    expect(await readFile(join(run, "logs", "upstream-fakeformers--install.log"), "utf8")).toContain(
      "below the pin 1.0.0",
    );
    // The history and the dashboard say stale too, not pass.
    const history = await readdir(join(world.root, "reports-stale", "history"));
    const nightFile = history.find((n) => n !== "index.json") as string;
    const night = JSON.parse(await readFile(join(world.root, "reports-stale", "history", nightFile), "utf8"));
    expect(night.cells).toContainEqual(
      expect.objectContaining({ variant: "upstream-fakeformers", status: "stale-upstream" }),
    );
  });

  it("blocks the release with exit 1 when the pinned requirements fail", async () => {
    const matrix = await world.writeMatrix("blocked", {
      requirements: "broken-pin.txt",
      variants: ["pinned", "latest-fakedata"],
      jobs: { smoke: SMOKE_JOB },
    });
    const cli = await world.cli(["nightly", "-m", matrix, "--reports", "reports-blocked"]);
    expect(cli.exitCode, cli.stderr).toBe(1);
    expect(cli.stdout).toContain("RELEASE BLOCKED: the pinned requirements fail");
    const summary = JSON.parse(
      await readFile(join(await onlyRun("reports-blocked"), "summary.json"), "utf8"),
    );
    expect(summary.blocked).toBe(true);
    expect(summary.blockers).toEqual([
      expect.objectContaining({ variant: "pinned", job: "smoke", status: "fail" }),
    ]);
    // latest-fakedata fails too, but pinned already does: that is no upstream regression.
    expect(summary.regressions).toEqual([]);
  });
});
