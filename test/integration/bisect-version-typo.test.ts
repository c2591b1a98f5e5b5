/**
 * A release bisect whose --good or --bad names a version the index never had is the user's typo:
 * exit 2 with one line saying which flag, that it is not a final release, and the releases
 * nearest to it (PEP 440 order, yanked and pre-releases left out), before anything is installed.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { type MiniWorld, makeMiniWorld, SMOKE_JOB } from "../support/mini-world.js";

let world: MiniWorld;
let index: IndexServer;
// 1.2.0 < 1.19.0 < 1.20.0 only in PEP 440 order; 1.98.0 is yanked and 2.0.0rc1 a pre-release.
const VERSIONS = [
  "1.0.0",
  "1.1.0",
  "1.2.0",
  "1.19.0",
  "1.20.0",
  "1.98.0",
  "2.0.0rc1",
  "2.0.0",
  "2.1.0",
  "2.2.0",
];

beforeAll(async () => {
  world = await makeMiniWorld("matrix-typo-");
  const wheels = join(world.root, "typo-wheels");
  await Promise.all(VERSIONS.map((version) => makeWheel({ name: "fakeformers", version }, wheels)));
  await makeWheel({ name: "fakedata", version: "1.0.0" }, wheels);
  index = await startIndexServer({ root: wheels, yanked: { fakeformers: "1.98.0" } });
  await writeFile(
    join(world.root, "matrices", "typo.yml"),
    stringify({
      name: "typo",
      project: { path: "../minitune", requirements: "../reqs/pins.txt" },
      index: index.url,
      installer: "uv",
      packages: { fakeformers: {}, fakedata: {} },
      variants: ["pinned"],
      jobs: { smoke: SMOKE_JOB },
    }),
  );
});

afterAll(async () => {
  await index?.close();
  await world?.close();
});

describe("matrix bisect with a version that is not on the index", () => {
  it.each([
    ["--bad", "1.99.0", ["--good", "1.0.0", "--bad", "1.99.0"], "1.19.0, 1.20.0, 2.0.0, 2.1.0"],
    ["--good", "1.0.5", ["--good", "1.0.5", "--bad", "2.2.0"], "1.0.0, 1.1.0, 1.2.0"],
  ])("%s %s: exit 2, one line naming it and the nearest releases", async (flag, version, refs, nearest) => {
    const cli = await world.cli([
      "bisect",
      "-m",
      "matrices/typo.yml",
      "--package",
      "fakeformers",
      "--job",
      "smoke",
      "--json",
      "--run",
      "runs/typo",
      ...refs,
    ]);
    expect(cli.exitCode, cli.stderr).toBe(2);
    expect(cli.stdout).toBe("");
    // One line (execa drops the final newline).
    expect(cli.stderr).toBe(
      `matrix: ${flag} ${version}: not a final release of fakeformers on ${index.url}; nearest: ${nearest}`,
    );
    // Said before any environment was built or any candidate installed.
    expect(index.requests.some((p) => p.startsWith("/files/"))).toBe(false);
  });
});
