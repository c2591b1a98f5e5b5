import { describe, expect, it } from "vitest";
import type { KnobPlanInput } from "./explain-knobs.js";
import { explainKnobs, refusedOf } from "./explain-knobs.js";
import { formatProbe, judgeProbe } from "./judge-probe.js";
import { buildSupportMatrix, formatSupportMatrix } from "./support-matrix.js";

const cell = (id: string, verdict: "ok" | "heal" | "refuse", reasons: string[] = []) => ({
  job: "k",
  id,
  knobs: { gc: id === "gc" },
  verdict,
  reasons,
  config: `/r/${id}.yml`,
  input: `/r/${id}.input.yml`,
});

const judged: KnobPlanInput[] = [
  {
    job: "k",
    expansion: {
      sample: "full",
      gridSize: 4,
      combinations: [],
      leftOut: [{ id: "x", knobs: { gc: false } }],
      uncoveredPairs: 1,
    },
    cells: [cell("nogc", "ok"), cell("gc", "heal", ["non-reentrant"]), cell("bnb", "refuse", ["needs CUDA"])],
  },
];

describe("support matrix", () => {
  const results = [
    { variant: "pinned", status: "pass", knob: { job: "k", id: "nogc" } },
    { variant: "pinned", status: "pass", knob: { job: "k", id: "gc" } },
    { variant: "upstream-all", status: "pass", knob: { job: "k", id: "nogc" } },
    { variant: "upstream-all", status: "fail", knob: { job: "k", id: "gc" } },
    { variant: "latest-all", status: "pass" },
  ];
  it("is combinations x the variants knob cells ran under, refused rows included", () => {
    const m = buildSupportMatrix(judged, results);
    expect(m.variants).toEqual(["pinned", "upstream-all"]);
    expect(m.rows.map((r) => [r.id, r.cells])).toEqual([
      ["nogc", { pinned: "pass", "upstream-all": "pass" }],
      ["gc", { pinned: "pass", "upstream-all": "fail" }],
      ["bnb", { pinned: "refused", "upstream-all": "refused" }],
    ]);
    const text = formatSupportMatrix(m);
    expect(text).toMatch(/k gc +pass +fail +heal: non-reentrant/);
    expect(text).toMatch(/k bnb +refused +refused +refuse: needs CUDA/);
  });
  it("is empty without knob results", () => {
    expect(formatSupportMatrix(buildSupportMatrix([], results))).toBe("");
  });
});

describe("explain and refused", () => {
  it("says why each combination is pruned or healed, and what the cap left out", () => {
    const text = explainKnobs(judged);
    expect(text).toContain("k: full sample, 3 of 4 combinations judged, 2 run");
    expect(text).toContain("bnb (gc=false): pruned\n      refused: needs CUDA");
    expect(text).toContain("gc (gc=true): runs healed\n      heal: non-reentrant");
    expect(text).toContain("left out by max_cells: x (1 pairs of values untested)");
    expect(refusedOf(judged)).toEqual([
      { job: "k", id: "bnb", knobs: { gc: false }, reasons: ["needs CUDA"] },
    ]);
  });
});

describe("judgeProbe", () => {
  const rule = { job: "k", id: "bnb", knobs: {}, verdict: "refuse" as const, reasons: ["needs CUDA"] };
  it.each([
    [{ pinned: "fail", "upstream-all": "fail" }, "holds"],
    [{ pinned: "fail", "upstream-all": "pass" }, "fixed-upstream"],
    [{ pinned: "pass", "upstream-all": "pass" }, "obsolete"],
    [{ pinned: "pass", "upstream-all": "fail" }, "holds"],
    [{ "latest-all": "pass" }, "fixed-upstream"],
    [{ pinned: "infra-error" }, "untested"],
  ])("%j: %s", (results, verdict) => {
    expect(judgeProbe(rule, results).rule).toBe(verdict);
  });
  it("prints one line per rule", () => {
    const text = formatProbe([judgeProbe(rule, { pinned: "fail", "upstream-all": "pass" })]);
    expect(text).toContain("k bnb (refuse: needs CUDA): rule no longer holds upstream");
    expect(text).toContain("pinned fail, upstream-all pass");
  });
});
