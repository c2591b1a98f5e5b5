import { describe, expect, it } from "vitest";
import { type Cell, expectedEntry, nightSummary } from "../../../test/support/night-summary.js";
import { decideGate, selectsVariant } from "./decide-gate.js";
import { gateSummarySchema } from "./gate-summary.js";

const policy = { blockOn: [] as string[], jobs: ["smoke"] };
const gateOf = (
  cells: Cell[],
  over: Partial<typeof policy> = {},
  entries = [expectedEntry({})].slice(0, 0),
) => decideGate(gateSummarySchema.parse(nightSummary(cells, { entries })), { ...policy, ...over });
const short = (d: ReturnType<typeof decideGate>) => ({
  gate: d.gate,
  blockers: d.blockers.map((f) => `${f.variant}/${f.job}:${f.kind}`),
  warnings: d.warnings.map((f) => `${f.variant}/${f.job}:${f.kind}`),
  expected: d.expected.map((f) => `${f.variant}/${f.job}`),
});

describe("selectsVariant", () => {
  it.each([
    ["latest-all", "latest-all", true],
    ["latest-each", "latest-peft", true],
    ["latest-each", "latest-all", false],
    ["latest-each", "latest-trl+transformers", false],
    ["upstream-each", "latest-peft", false],
    ["latest-peft", "latest-peft", true],
  ])("%s selects %s: %s", (selector, variant, selected) => {
    expect(selectsVariant(selector, variant)).toBe(selected);
  });
});

describe("decideGate", () => {
  it.each<[string, Cell[], Partial<typeof policy>, ReturnType<typeof short>]>([
    [
      "pinned passes everywhere",
      [
        ["pinned", "smoke", "pass"],
        ["latest-peft", "smoke", "pass"],
      ],
      {},
      { gate: "pass", blockers: [], warnings: [], expected: [] },
    ],
    [
      "pinned fails: blocked",
      [
        ["pinned", "smoke", "fail"],
        ["latest-peft", "smoke", "fail", "peft"],
      ],
      {},
      { gate: "blocked", blockers: ["pinned/smoke:broken"], warnings: [], expected: [] },
    ],
    [
      "only upstream breaks: passes, with a warning per breakage",
      [
        ["pinned", "smoke", "pass"],
        ["latest-peft", "smoke", "fail", "peft"],
        ["upstream-peft", "smoke", "timeout"],
      ],
      {},
      {
        gate: "pass",
        blockers: [],
        warnings: ["latest-peft/smoke:broken", "upstream-peft/smoke:broken"],
        expected: [],
      },
    ],
    [
      "the policy blocks on latest-each",
      [
        ["pinned", "smoke", "pass"],
        ["latest-peft", "smoke", "fail", "peft"],
        ["upstream-peft", "smoke", "fail"],
      ],
      { blockOn: ["latest-each"] },
      {
        gate: "blocked",
        blockers: ["latest-peft/smoke:broken"],
        warnings: ["upstream-peft/smoke:broken"],
        expected: [],
      },
    ],
    [
      "a blocking variant that could not be tried blocks",
      [
        ["pinned", "smoke", "pass"],
        ["latest-all", "smoke", "infra-error"],
      ],
      { blockOn: ["latest-all"] },
      { gate: "blocked", blockers: ["latest-all/smoke:not-tested"], warnings: [], expected: [] },
    ],
    [
      "a blocking upstream older than the pin is untested: blocks",
      [
        ["pinned", "smoke", "pass"],
        ["upstream-peft", "smoke", "stale-upstream"],
      ],
      { blockOn: ["upstream-peft"] },
      { gate: "blocked", blockers: ["upstream-peft/smoke:not-tested"], warnings: [], expected: [] },
    ],
    [
      "a stale upstream that does not gate neither blocks nor passes for it",
      [
        ["pinned", "smoke", "pass"],
        ["upstream-peft", "smoke", "stale-upstream"],
      ],
      {},
      { gate: "pass", blockers: [], warnings: [], expected: [] },
    ],
    [
      "a blocking variant the resolver refuses blocks",
      [
        ["pinned", "smoke", "pass"],
        ["latest-all", "smoke", "unsatisfiable"],
      ],
      { blockOn: ["latest-all"] },
      { gate: "blocked", blockers: ["latest-all/smoke:unsatisfiable"], warnings: [], expected: [] },
    ],
    [
      "pinned could not be tried: blocked, the gate vouches only for what ran",
      [["pinned", "smoke", "infra-error"]],
      {},
      { gate: "blocked", blockers: ["pinned/smoke:not-tested"], warnings: [], expected: [] },
    ],
    [
      "a job with no pinned result: blocked",
      [["pinned", "smoke", "pass"]],
      { jobs: ["smoke", "qlora"] },
      { gate: "blocked", blockers: ["pinned/qlora:missing"], warnings: [], expected: [] },
    ],
    [
      "pinned passes on a retry: passes, with a warning",
      [["pinned", "smoke", "flaky"]],
      {},
      { gate: "pass", blockers: [], warnings: ["pinned/smoke:flaky"], expected: [] },
    ],
  ])("%s", (_label, cells, over, expected) => {
    expect(short(gateOf(cells, over))).toEqual(expected);
  });

  it.each<[string, Cell[], Partial<typeof policy>]>([
    [
      "an upstream breakage warns no one",
      [
        ["pinned", "smoke", "pass"],
        ["latest-peft", "smoke", "fail", "peft"],
      ],
      {},
    ],
    [
      "a breakage of a blocking variant does not block",
      [
        ["pinned", "smoke", "pass"],
        ["latest-peft", "smoke", "fail", "peft"],
      ],
      { blockOn: ["latest-peft"] },
    ],
    ["a pinned failure blamed on the package does not block", [["pinned", "smoke", "fail", "peft"]], {}],
  ])("expected: %s", (_label, cells, over) => {
    const decision = gateOf(cells, over, [
      expectedEntry({ package: "peft", reason: "peft 0.14 drops LoRA-FA" }),
    ]);
    expect(short(decision)).toMatchObject({ gate: "pass", blockers: [], warnings: [] });
    expect(decision.expected[0]?.expected?.reason).toBe("peft 0.14 drops LoRA-FA");
  });

  it("lists expired and stale entries, and an expired entry's breakage alerts again", () => {
    const cells: Cell[] = [
      ["pinned", "smoke", "pass"],
      ["latest-peft", "smoke", "fail", "peft"],
    ];
    const entries = [
      expectedEntry({ package: "peft", until: "2026-01-31" }),
      expectedEntry({ index: 1, fingerprint: "0123456789abcdef" }),
    ];
    const decision = decideGate(gateSummarySchema.parse(nightSummary(cells, { entries })), policy);
    expect(short(decision).warnings).toEqual(["latest-peft/smoke:broken"]);
    expect(decision.entries.expired.map((e) => e.entry)).toEqual([0]);
    expect(decision.entries.stale.map((e) => e.entry)).toEqual([1]);
  });

  it("says why it is blocked, one line per blocker, with culprit and signature", () => {
    const decision = gateOf([["pinned", "smoke", "fail", "peft"]]);
    expect(decision.reasons).toEqual([
      "pinned / smoke: fail, culprit peft: TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer' @ trainer.py",
    ]);
  });
});

describe("decideGate on a source build cause", () => {
  it("warns that the source build fails on this runner, not that main broke the job", () => {
    const summary = gateSummarySchema.parse(
      nightSummary([
        ["pinned", "smoke", "pass"],
        ["upstream-peft", "smoke", "fail", "peft"],
      ]),
    );
    const regression = summary.regressions[0] as (typeof summary.regressions)[number];
    regression.evidence = "build";
    const decision = decideGate(summary, policy);
    expect(decision.gate).toBe("pass");
    expect(decision.warnings[0]?.message).toMatch(
      /^upstream-peft \/ smoke: fail, the source build of peft fails on this runner .*not a regression of main$/,
    );
  });
});
