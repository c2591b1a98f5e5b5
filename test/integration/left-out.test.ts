/**
 * One bad release hides no others: `latest-all` refused by the resolver because the newest
 * fakeformers needs a dependency the index lacks (and no companion can help) still tests the other
 * moved package, and `upstream-all` with one upstream out of reach still tests the reachable one.
 * The night says which package was left out. Real uv, a local index, git upstreams on disk.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { makeWheel } from "../support/make-wheel.js";
import {
  fakeformersFiles,
  GOOD_INIT,
  type MiniWorld,
  makeMiniWorld,
  readResult,
  SMOKE_JOB,
} from "../support/mini-world.js";

let world: MiniWorld;

beforeAll(async () => {
  world = await makeMiniWorld("matrix-left-out-");
  // The newest fakeformers needs fakekernels, which this index does not have.
  await makeWheel(
    {
      name: "fakeformers",
      version: "1.3.0",
      files: fakeformersFiles("1.3.0", GOOD_INIT),
      requires: ["fakekernels>=0.19.1"],
    },
    join(world.root, "wheels"),
  );
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const summaryOf = async (run: string) => JSON.parse(await readFile(join(run, "summary.json"), "utf8"));

describe("a variant one package keeps from being built", () => {
  it("tests latest-all's other moved packages without the refused release, and says which was left out", async () => {
    const matrix = await world.writeMatrix("latest", {
      requirements: "pins.txt",
      variants: ["pinned", "latest-all"],
      jobs: { smoke: SMOKE_JOB },
    });
    const run = join(world.root, "runs", "latest");
    const cli = await world.cli(["nightly", "-m", matrix, "--run", run]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    // The resolver cannot install it (its words name fakeformers and the missing fakekernels).
    expect((await readResult(run, "latest-all", "smoke")).status).toMatch(
      /^(?:install-error|unsatisfiable)$/,
    );
    // fakedata 2.0.0 was tested after all, and its flat loss is caught and blamed.
    const standIn = await readResult(run, "latest-all-without-fakeformers", "smoke");
    expect(standIn).toMatchObject({
      status: "fail",
      installed: { fakeformers: "1.0.0", fakedata: "2.0.0" },
      left_out: { of: "latest-all", packages: ["fakeformers"] },
    });
    const summary = await summaryOf(run);
    expect(summary.left_out).toEqual([
      {
        variant: "latest-all",
        as: "latest-all-without-fakeformers",
        packages: ["fakeformers"],
        reason: expect.stringContaining("fakekernels"),
      },
    ]);
    // The stand-in's regression is bisected like any: fakedata's releases from the pin to latest-all's.
    expect(summary.regressions).toContainEqual(
      expect.objectContaining({
        variant: "latest-all-without-fakeformers",
        culprits: ["fakedata"],
        bisect: expect.objectContaining({ package: "fakedata", status: "found", first_bad: "2.0.0" }),
      }),
    );
    expect(cli.stdout).toMatch(
      /latest-all: fakeformers left out \(.*\); the others tested as latest-all-without-fakeformers/,
    );
  });

  it("tests upstream-all's reachable upstreams when one is out of reach", async () => {
    const path = await world.writeMatrix("upstream", {
      requirements: "pins.txt",
      variants: ["pinned", "upstream-all"],
      jobs: { smoke: SMOKE_JOB },
      fakeformersRepo: world.upstreamUrl,
    });
    // fakedata's upstream is a repository that is not there.
    const spec = parse(await readFile(join(world.root, path), "utf8"));
    spec.packages.fakedata = { repo: `file://${join(world.root, "upstreams", "gone")}` };
    await writeFile(join(world.root, path), stringify(spec));
    const run = join(world.root, "runs", "upstream");
    const cli = await world.cli(["nightly", "-m", path, "--run", run]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(run, "manifest.json"), "utf8"));
    const standIn = manifest.variants.find(
      (v: { name: string }) => v.name === "upstream-all-without-fakedata",
    );
    expect(standIn).toMatchObject({
      moves: ["fakeformers"],
      unresolved: [],
      left_out: { of: "upstream-all", packages: ["fakedata"] },
      packages: { fakeformers: { source: "upstream", sha: world.upstreamShas.at(-1) } },
    });
    expect((await readResult(run, "upstream-all", "smoke")).status).toBe("infra-error");
    expect(await readResult(run, "upstream-all-without-fakedata", "smoke")).toMatchObject({
      status: "pass",
      installed: { fakeformers: world.upstreamShas.at(-1), fakedata: "1.0.0" },
    });
    const summary = await summaryOf(run);
    expect(summary.left_out).toEqual([
      expect.objectContaining({
        variant: "upstream-all",
        as: "upstream-all-without-fakedata",
        packages: ["fakedata"],
      }),
    ]);
    expect(cli.stdout).toMatch(
      /upstream-all: fakedata left out \(fakedata: .*\); the others tested as upstream-all-without-fakedata/,
    );
  });
});
