import { describe, expect, it } from "vitest";
import { readerCommandOf } from "./reader-command.js";

const knobCell = (config: string) => ({ knobs: {}, verdict: "ok", config }) as never;

describe("readerCommandOf", () => {
  it.each([
    [
      "a knob cell's config under the run folder, beside the job's folder",
      {
        run: "python -m tinytune train /w/repo/reports/20261203-0808-06da/knobs/smoke/gc.yml",
        cwd: "/w/repo/fixtures/wrapper",
        knobCell: knobCell("/w/repo/reports/20261203-0808-06da/knobs/smoke/gc.yml"),
      },
      "python -m tinytune train ../../reports/20261203-0808-06da/knobs/smoke/gc.yml",
    ],
    [
      "a config inside the job's folder",
      { run: "train /p/cfg/a.yml --x", cwd: "/p", knobCell: knobCell("/p/cfg/a.yml") },
      "train cfg/a.yml --x",
    ],
    [
      "a job without knobs, as written",
      { run: "python -m tinytune train configs/lora.yml", cwd: "/p" },
      "python -m tinytune train configs/lora.yml",
    ],
  ])("%s", (_what, job, expected) => {
    expect(readerCommandOf(job)).toBe(expected);
  });
});
