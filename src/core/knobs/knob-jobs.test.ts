import { describe, expect, it } from "vitest";
import type { JobSpec } from "../matrix/model.js";
import { expandKnobJobs, gateJobNames, type PlannedKnobCell, runsUnder } from "./knob-jobs.js";

const job = (name: string, knobs: boolean): JobSpec => ({
  name,
  run: "python -m tinytune train {config}",
  cwd: "/w",
  timeoutSeconds: 60,
  retries: 0,
  runsOn: ["ubuntu-latest"],
  expect: {},
  env: { A: "1" },
  ...(knobs
    ? {
        knobs: {
          config: "/w/c.yml",
          validate: "check {config}",
          axes: [],
          sample: "full" as const,
          maxCells: null,
          variants: ["pinned", "upstream-all"],
          bypassEnv: {},
          pos: { file: "m.yml", line: 1, col: 1 },
        },
      }
    : {}),
});

const cell = (id: string, verdict: PlannedKnobCell["verdict"]): PlannedKnobCell => ({
  job: "knobs",
  id,
  knobs: { gc: id === "gc" },
  verdict,
  reasons: [],
  config: `/run/knobs/knobs/${id}.yml`,
  input: `/run/knobs/knobs/${id}.input.yml`,
});

describe("expandKnobJobs", () => {
  it("prunes refused cells and names the rest <job>--<id>", () => {
    const jobs = expandKnobJobs(
      [job("smoke", false), job("knobs", true)],
      [cell("nogc", "ok"), cell("gc", "heal"), cell("k1234abcd", "refuse")],
    );
    expect(jobs.map((j) => j.name)).toEqual(["smoke", "knobs--nogc", "knobs--gc"]);
    const healed = jobs[2] as JobSpec;
    expect(healed.run).toBe("python -m tinytune train /run/knobs/knobs/gc.yml");
    expect(healed.env).toEqual({ A: "1", MATRIX_CONFIG: "/run/knobs/knobs/gc.yml" });
    expect(healed.knobCell?.verdict).toBe("heal");
  });
  it("quotes a config path with spaces for the shell", () => {
    const [only] = expandKnobJobs([job("knobs", true)], [{ ...cell("gc", "ok"), config: "/my run/gc.yml" }]);
    expect(only?.run).toBe("python -m tinytune train '/my run/gc.yml'");
  });
});

describe("runsUnder", () => {
  it.each([
    ["smoke", false, "latest-all", true],
    ["knobs", true, "pinned", true],
    ["knobs", true, "latest-all", false],
    ["knobs", true, "upstream-all", true],
  ])("%s (knobs %s) under %s: %s", (name, knobs, variant, runs) => {
    expect(runsUnder(job(name, knobs), variant)).toBe(runs);
  });
});

describe("gateJobNames", () => {
  it("stands a job with knobs for its knob cells in the results", () => {
    const results = ["smoke", "knobs--nogc", "knobs--gc", "knobs--gc", "other--x"];
    expect(gateJobNames([job("smoke", false), job("knobs", true)], results)).toEqual([
      "smoke",
      "knobs--nogc",
      "knobs--gc",
    ]);
  });
  it("keeps expanded knob cells as they are", () => {
    const [cellJob] = expandKnobJobs([job("knobs", true)], [cell("gc", "ok")]);
    expect(gateJobNames([cellJob as JobSpec], [])).toEqual(["knobs--gc"]);
  });
});
