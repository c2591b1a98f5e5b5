/**
 * A night on a project that is only a requirements file and a script, over four made-up upstream
 * packages on a local index:
 * - alpha 2.0.0 and beta 2.0.0 break the job only together (each alone is fine): an interaction;
 *   alpha's first release that takes part is 1.2.0;
 * - gamma 2.0.0 is harmless;
 * - delta 2.0.0 requires alpha>=1.1, so `latest-delta` against the pinned alpha 1.0.0 is
 *   unsatisfiable; its companion moves alpha to 1.1.0, the lowest release that satisfies it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { runCli } from "../support/run-cli.js";

const JOB = `import json, os
import alpha, beta, gamma

scale = alpha.scale() * beta.factor()
if scale >= 4:
    raise ValueError(f"loss diverged: the learning rate was scaled twice ({scale}x)")
with open(os.environ["MATRIX_METRICS"], "a") as f:
    for step in range(4):
        f.write(json.dumps({"step": step, "loss": 1.0 / (step + 1)}) + "\\n")
with open("ran-here.txt", "w") as f:
    f.write(os.getcwd())
`;

let root: string;
let index: IndexServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-interaction-"));
  const wheels = join(root, "wheels");
  const module = (name: string, fn: string, value: number) => ({
    [`${name}/__init__.py`]: `def ${fn}():\n    return ${value}\n`,
  });
  await Promise.all([
    ...["1.0.0", "1.1.0", "1.2.0", "2.0.0"].map((v) =>
      makeWheel({ name: "alpha", version: v, files: module("alpha", "scale", v >= "1.2.0" ? 2 : 1) }, wheels),
    ),
    ...["1.0.0", "2.0.0"].map((v) =>
      makeWheel({ name: "beta", version: v, files: module("beta", "factor", v === "2.0.0" ? 2 : 1) }, wheels),
    ),
    ...["1.0.0", "2.0.0"].map((v) =>
      makeWheel({ name: "gamma", version: v, files: module("gamma", "g", 1) }, wheels),
    ),
    makeWheel({ name: "delta", version: "1.0.0" }, wheels),
    makeWheel({ name: "delta", version: "2.0.0", requires: ["alpha>=1.1"] }, wheels),
  ]);
  index = await startIndexServer({ root: wheels });
  const train = join(root, "train");
  await mkdir(train, { recursive: true });
  await writeFile(join(train, "requirements.txt"), "alpha==1.0.0\nbeta==1.0.0\ngamma==1.0.0\ndelta==1.0.0\n");
  await writeFile(join(train, "job.py"), JOB);
  const matrix = {
    name: "interaction",
    // No project.path: a training repo with a requirements file and a script.
    project: { requirements: "train/requirements.txt" },
    index: index.url,
    installer: "uv",
    packages: { alpha: {}, beta: {}, gamma: {}, delta: {} },
    variants: ["pinned", "latest-each", "latest-all"],
    jobs: { smoke: { run: "python job.py", timeout: "1m", expect: { loss_decreases: 0.5 } } },
  };
  await writeFile(join(root, "matrix.yml"), stringify(matrix));
});

afterAll(async () => {
  await index?.close();
  await rm(root, { recursive: true, force: true });
});

describe("matrix nightly on a requirements-only project", () => {
  it("names two packages that break only together, clears the harmless ones, and prices a refused release", async () => {
    const cli = await runCli(["nightly", "-m", "matrix.yml", "--run", "reports/night", "--json"], root, {
      MATRIX_CACHE: join(root, "cache"),
    });
    expect(cli.exitCode, cli.stderr).toBe(0);
    const run = join(root, "reports", "night");
    const summary = JSON.parse(await readFile(join(run, "summary.json"), "utf8"));
    // The job ran in the requirements file's folder.
    expect(await readFile(join(root, "train", "ran-here.txt"), "utf8")).toBe(join(root, "train"));
    expect(summary.passed.map((r: { variant: string }) => r.variant)).toEqual([
      "pinned",
      "latest-alpha",
      "latest-beta",
      "latest-gamma",
    ]);

    expect(summary.regressions).toEqual([
      expect.objectContaining({
        variant: "latest-all",
        culprits: ["alpha", "beta"],
        culprit: "alpha",
        evidence: "interaction",
        cleared: expect.arrayContaining(["gamma"]),
        signature: expect.stringContaining("ValueError: loss diverged"),
      }),
    ]);
    expect(summary.regressions[0].cleared).not.toContain("alpha");
    const search = JSON.parse(await readFile(join(run, "interactions", "latest-all--smoke.json"), "utf8"));
    expect(search.summary).toMatchObject({ status: "found", culprits: ["alpha", "beta"] });
    // Singles were known from latest-each: the search ran only sets of two.
    expect(
      search.log
        .filter((e: { round: number }) => e.round > 0)
        .every((e: { set: string[] }) => e.set.length === 2),
    ).toBe(true);

    // The bisect moves alpha with beta held at its new version, and finds alpha's first release that takes part.
    expect(summary.bisects).toEqual([
      expect.objectContaining({ package: "alpha", with: ["beta"], status: "found", first_bad: "1.2.0" }),
    ]);
    const bisect = JSON.parse(await readFile(join(run, "bisect", "alpha--smoke.json"), "utf8"));
    expect(bisect).toMatchObject({
      status: "found",
      kind: "releases",
      variant: "latest-alpha+beta",
      note: expect.stringContaining("beta"),
      first_bad: { ref: "1.2.0" },
      last_good: { ref: "1.1.0" },
      skipped: [],
    });

    // latest-delta cannot be installed with the pinned alpha: said so, with the resolver's reason,
    // and the companion that also moves alpha (to its lowest fitting release) runs and passes.
    expect(summary.unsatisfiable).toEqual([
      {
        variant: "latest-delta",
        job: "smoke",
        explanation: expect.stringContaining("alpha"),
        // The release the resolver refuses: the one the variant moved.
        culprits: ["delta"],
        companion: { variant: "latest-delta+alpha", status: "pass" },
      },
    ]);
    const refused = JSON.parse(await readFile(join(run, "results", "latest-delta--smoke.json"), "utf8"));
    expect(refused).toMatchObject({
      status: "unsatisfiable",
      resolution: {
        companion: { variant: "latest-delta+alpha", moved: { alpha: { from: "1.0.0", to: "1.1.0" } } },
      },
    });
    const companion = JSON.parse(
      await readFile(join(run, "results", "latest-delta+alpha--smoke.json"), "utf8"),
    );
    expect(companion).toMatchObject({
      status: "pass",
      companion_of: "latest-delta",
      installed: { alpha: "1.1.0", delta: "2.0.0" },
    });
    expect(cli.stderr).toContain("culprits alpha + beta (interaction)");
    expect(cli.stderr).toMatch(
      /unsatisfiable latest-delta \/ smoke: .*; companion latest-delta\+alpha: pass/,
    );
  });
});
