import { describe, expect, it } from "vitest";
import type { JobSpec } from "../matrix/model.js";
import { type VerdictKeyParts, verdictKeyOf } from "./verdict-key.js";

const job: JobSpec = {
  name: "smoke",
  run: "python -m tinytune train configs/lora-smoke.yml",
  cwd: "/project",
  timeoutSeconds: 600,
  retries: 1,
  runsOn: ["ubuntu-latest"],
  expect: { loss_decreases: 0.05 },
  env: {},
};
const base: VerdictKeyParts = {
  package: "peft",
  ref: "a".repeat(40),
  job,
  install: "source",
  environment: "e1",
  files: "f1",
};

describe("verdictKeyOf", () => {
  it("is stable, 32 hex digits", () => {
    expect(verdictKeyOf(base)).toMatch(/^[0-9a-f]{32}$/);
    expect(verdictKeyOf({ ...base, job: { ...job } })).toBe(verdictKeyOf(base));
  });

  it.each<[string, Partial<VerdictKeyParts>]>([
    ["another ref", { ref: "b".repeat(40) }],
    ["another package", { package: "transformers" }],
    ["a release instead of a source build", { install: "release" }],
    ["another environment", { environment: "e2" }],
    ["an edited training script", { files: "f2" }],
    ["another command", { job: { ...job, run: "python train.py" } }],
    ["other expectations", { job: { ...job, expect: { loss_decreases: 0.1 } } }],
    ["another timeout", { job: { ...job, timeoutSeconds: 60 } }],
    ["another environment variable", { job: { ...job, env: { LR: "0.1" } } }],
    [
      "a knob cell",
      {
        job: {
          ...job,
          name: "smoke--gc",
          knobCell: {
            job: "smoke",
            id: "gc",
            knobs: { gc: true },
            verdict: "ok",
            reasons: [],
            config: "/r/a.yml",
          },
        },
      },
    ],
  ])("changes with %s", (_name, change) => {
    expect(verdictKeyOf({ ...base, ...change })).not.toBe(verdictKeyOf(base));
  });

  it.each<[string, Partial<JobSpec>]>([
    ["the retries", { retries: 3 }],
    ["the runner labels", { runsOn: ["self-hosted", "gpu"] }],
  ])("does not change with %s (they do not change the answer)", (_name, change) => {
    expect(verdictKeyOf({ ...base, job: { ...job, ...change } })).toBe(verdictKeyOf(base));
  });

  it("keys a knob cell by its combination, not by the run folder its config is written to", () => {
    const cell = (config: string) => ({
      ...base,
      job: {
        ...job,
        knobCell: {
          job: "smoke",
          id: "gc",
          knobs: { gc: true },
          verdict: "ok" as const,
          reasons: [],
          config,
        },
      },
    });
    expect(verdictKeyOf(cell("/reports/run-1/knobs/gc.yml"))).toBe(
      verdictKeyOf(cell("/reports/run-2/knobs/gc.yml")),
    );
  });
});
