import { describe, expect, it } from "vitest";
import type { JobSpec } from "../matrix/model.js";
import type { ManifestVariant } from "../variants/manifest.js";
import { type BisectableRegression, badRefOf, planBisects } from "./plan-bisects.js";

const job = (name: string, runsOn: string[], timeoutSeconds = 600, retries = 0): JobSpec => ({
  name,
  run: "python train.py",
  cwd: ".",
  timeoutSeconds,
  retries,
  runsOn,
  expect: {},
  env: {},
});

const variant = (name: string, kind: ManifestVariant["kind"], packages: ManifestVariant["packages"]) => ({
  name,
  kind,
  moves: Object.entries(packages)
    .filter(([, s]) => s.source !== "pinned")
    .map(([p]) => p),
  requirements: `variants/${name}/requirements.txt`,
  overrides: null,
  packages,
  unresolved: [],
});

const SHA = "a".repeat(40);
const variants: ManifestVariant[] = [
  variant("pinned", "pinned", { peft: { source: "pinned", requirement: "peft==0.1" } }),
  variant("latest-peft", "latest", { peft: { source: "latest", version: "0.3" } }),
  variant("upstream-peft", "upstream", {
    peft: { source: "upstream", repo: "r", branch: "main", sha: SHA, url: `git+r@${SHA}` },
  }),
  variant("latest-all", "latest", {
    peft: { source: "latest", version: "0.3" },
    accelerate: { source: "latest", version: "2.0" },
  }),
];
const jobs = [job("lora", ["self-hosted", "linux", "gpu"]), job("cpu", ["ubuntu-latest"], 300, 1)];
const reg = (over: Partial<BisectableRegression>): BisectableRegression => ({
  variant: "latest-peft",
  job: "lora",
  culprit: "peft",
  culprits: ["peft"],
  ...over,
});

describe("badRefOf", () => {
  it.each([
    ["latest-peft", "0.3"],
    ["upstream-peft", SHA],
    ["pinned", null],
    ["no-such-variant", null],
  ])("%s -> %s", (name, ref) => {
    expect(
      badRefOf(
        variants.find((v) => v.name === name),
        "peft",
      ),
    ).toBe(ref);
  });
});

describe("planBisects", () => {
  it("gives a release bisect the failing job's labels and a timeout for a thousand candidates", () => {
    expect(planBisects([reg({})], variants, jobs)).toEqual([
      {
        package: "peft",
        job: "lora",
        variant: "latest-peft",
        base: "pinned",
        bad: "0.3",
        "runs-on": ["self-hosted", "linux", "gpu"],
        // 10 min x 12 smoke runs + 30 min of setup, then 10 to save the state and the record
        "bisect-minutes": 150,
        "timeout-minutes": 160,
      },
    ]);
  });

  it("bisects commits to the SHA the upstream variant installed, one label as a string", () => {
    const [cell] = planBisects([reg({ variant: "upstream-peft", job: "cpu" })], variants, jobs);
    expect(cell).toMatchObject({ bad: SHA, "runs-on": "ubuntu-latest", "bisect-minutes": 5 * 2 * 12 + 30 });
  });

  it.each<[string, BisectableRegression[], number]>([
    ["no culprit", [reg({ culprit: null, culprits: [] })], 0],
    ["an expected breakage", [reg({ expected: { reason: "known" } })], 0],
    ["a culprit pinned in its variant", [reg({ variant: "pinned" })], 0],
    ["a job no longer in the matrix", [reg({ job: "gone" })], 0],
    ["the same (culprit, job) twice", [reg({}), reg({ variant: "latest-all" })], 1],
    ["two jobs", [reg({}), reg({ job: "cpu" })], 2],
  ])("%s -> %i cells", (_, regressions, count) => {
    expect(planBisects(regressions, variants, jobs)).toHaveLength(count);
  });

  it("names the cell after the regression that moved the fewest packages, pinning the others", () => {
    const cells = planBisects(
      [reg({ variant: "latest-all", needs_interaction_search: true }), reg({ variant: "latest-peft" })],
      variants,
      jobs,
    );
    expect(cells).toEqual([expect.objectContaining({ variant: "latest-peft", base: "pinned" })]);
  });

  it("keeps the other moved packages of an unexplained multi-package failure (an interaction reproduces)", () => {
    const [cell] = planBisects(
      [reg({ variant: "latest-all", culprits: ["peft"], needs_interaction_search: true })],
      variants,
      jobs,
    );
    expect(cell).toMatchObject({ package: "peft", base: "latest-all", bad: "0.3" });
  });
});

describe("a bisect job fits GitHub's 360 minutes", () => {
  it.each([
    [600, 0, 150, 160],
    [1800, 0, 350, 360],
    [3600, 1, 350, 360],
  ])(
    "a job of %ss with %i retries: bisect-minutes %i, timeout-minutes %i",
    (seconds, retries, bisect, timeout) => {
      const [cell] = planBisects([reg({})], variants, [job("lora", ["ubuntu-latest"], seconds, retries)]);
      expect(cell?.["bisect-minutes"]).toBe(bisect);
      expect(cell?.["timeout-minutes"]).toBe(timeout);
    },
  );
});
