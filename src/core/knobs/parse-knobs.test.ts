import { describe, expect, it } from "vitest";
import { parseMatrix } from "../matrix/parse-matrix.js";

const matrix = (knobs: string) => `name: t
project:
  path: ../fixtures/wrapper
  requirements: ../fixtures/wrapper/requirements.txt
packages:
  transformers: {}
variants: [pinned]
jobs:
  knob-smoke:
    run: python -m tinytune train {config}
    knobs:
${knobs}`;

const parse = (text: string) => parseMatrix(text, "m.yml", "/repo/matrices");

const good = `      config: configs/knobs-smoke.yml
      validate: python -m tinytune check {config} --json
      axes:
        gradient_checkpointing: [false, true]
        freeze_layers: [0, 1]
`;

describe("knobs in the matrix file", () => {
  it("resolves the base config against the job's folder and picks the sample", () => {
    const [job] = parse(matrix(good)).jobs;
    expect(job?.knobs).toMatchObject({
      config: "/repo/fixtures/wrapper/configs/knobs-smoke.yml",
      sample: "full",
      maxCells: null,
      axes: [
        { name: "gradient_checkpointing", values: [false, true] },
        { name: "freeze_layers", values: [0, 1] },
      ],
    });
  });
  it("defaults to pairwise past three axes and takes max_cells and bypass_env", () => {
    const text = matrix(`${good}        optimizer: [adamw_torch, sgd]
        model.num_hidden_layers: [2, 4]
      max_cells: 5
      bypass_env: { TINYTUNE_SKIP_VALIDATION: 1 }
`);
    expect(parse(text).jobs[0]?.knobs).toMatchObject({
      sample: "pairwise",
      maxCells: 5,
      bypassEnv: { TINYTUNE_SKIP_VALIDATION: "1" },
    });
  });
  it.each([
    [good.replace("freeze_layers: [0, 1]", "freeze_layers: [0, 1, 0]"), "m.yml:16:31:", "lists 0 twice"],
    [
      good.replace("freeze_layers:", "freeze layers:"),
      "m.yml:16:9:",
      'knob axis "freeze layers" is not a config key',
    ],
    [good.replace("[0, 1]", "[]"), "m.yml:16:24:", "jobs.knob-smoke.knobs.axes.freeze_layers"],
    [good.replace(" {config} --json", " --json"), "m.yml:13:17:", "must name the config as {config}"],
    [`${good}      sample: random\n`, "m.yml:17:15:", "sample"],
    [`${good}      max_cell: 3\n`, "m.yml:17:7:", 'unknown key "max_cell"'],
    [`${good}      max_cells: 0\n`, "m.yml:17:18:", "max_cells"],
  ])("%#: a located error", (knobs, where, what) => {
    expect(() => parse(matrix(knobs))).toThrow(where);
    expect(() => parse(matrix(knobs))).toThrow(what);
  });
});
