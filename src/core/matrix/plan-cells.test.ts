import { describe, expect, it } from "vitest";
import type { JobSpec } from "./model.js";
import { planCells } from "./plan-cells.js";

const job = (name: string, runsOn: string[], timeoutSeconds: number, retries: number): JobSpec => ({
  name,
  run: "true",
  cwd: "/",
  timeoutSeconds,
  retries,
  runsOn,
  expect: {},
  env: {},
});

describe("planCells", () => {
  it.each([
    [job("a", ["ubuntu-latest"], 600, 0), "ubuntu-latest", 40],
    [job("b", ["self-hosted", "gpu"], 600, 1), ["self-hosted", "gpu"], 50],
    [job("c", ["x"], 61, 0), "x", 32],
  ])("%#: runs-on and timeout-minutes", (spec, runsOn, minutes) => {
    const [cell] = planCells([{ name: "pinned", kind: "pinned", packages: [] }], [spec]);
    expect(cell).toEqual({
      variant: "pinned",
      job: spec.name,
      "runs-on": runsOn,
      "timeout-minutes": minutes,
    });
  });

  it("crosses every variant with every job, variants outer", () => {
    const variants = ["pinned", "latest-all"].map((name) => ({
      name,
      kind: "latest" as const,
      packages: [],
    }));
    const cells = planCells(variants, [job("a", ["u"], 60, 0), job("b", ["u"], 60, 0)]);
    expect(cells.map((c) => `${c.variant}/${c.job}`)).toEqual([
      "pinned/a",
      "pinned/b",
      "latest-all/a",
      "latest-all/b",
    ]);
  });
});
