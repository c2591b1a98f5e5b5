import { describe, expect, it } from "vitest";
import { type Cell, expectedEntry, nightSummary } from "../../../test/support/night-summary.js";
import { decideGate } from "../gate/decide-gate.js";
import { gateSummarySchema } from "../gate/gate-summary.js";
import type { ExpectedEntry } from "../matrix/model.js";
import { type DigestNight, planDigest } from "./plan-digest.js";

const night = (run: string, cells: Cell[], entries: ExpectedEntry[] = []): DigestNight => ({
  run,
  gate: decideGate(gateSummarySchema.parse(nightSummary(cells, { run, entries })), { blockOn: [], jobs: [] }),
});
const PASS: Cell = ["pinned", "smoke", "pass"];
const PEFT: Cell = ["latest-peft", "smoke", "fail", "peft"];
const PEFT_ALL: Cell = ["latest-all", "smoke", "fail", "peft"];
const TRL: Cell = ["latest-trl", "smoke", "timeout", "trl", "timeout"];
const opts = { title: "matrix nightly (tinytune)" };

describe("planDigest", () => {
  it.each<[string, Cell[] | null, Cell[], object | null]>([
    ["nothing changed: no message", [PASS, PEFT], [PASS, PEFT], null],
    ["nothing broke, nothing did: no message", [PASS], [PASS], null],
    [
      "first night: the gate, and every breakage is new",
      null,
      [PASS, PEFT],
      { gate: { from: null, to: "pass" }, new: 1 },
    ],
    ["a new breakage", [PASS, PEFT], [PASS, PEFT, TRL], { gate: null, new: 1, fixed: 0, still: 1 }],
    ["a fixed one", [PASS, PEFT, TRL], [PASS, TRL], { gate: null, new: 0, fixed: 1, still: 1 }],
    [
      // The pins moved to the breaking peft: the same breakage (fingerprint), now blocking.
      "the gate flips to blocked by a breakage already known",
      [PASS, PEFT],
      [["pinned", "smoke", "fail", "peft"], PEFT],
      { gate: { from: "pass", to: "blocked" }, new: 0, fixed: 0, still: 1 },
    ],
    [
      "the gate flips back",
      [["pinned", "smoke", "fail"]],
      [PASS],
      { gate: { from: "blocked", to: "pass" }, fixed: 1 },
    ],
  ])("%s", (_label, before, after, expected) => {
    const plan = planDigest(night("r2", after), before ? night("r1", before) : null, opts);
    if (expected === null) return expect(plan).toBeNull();
    const changes = plan?.changes;
    const counts = {
      gate: changes?.gate,
      new: changes?.new.length,
      fixed: changes?.fixed.length,
      still: changes?.still,
    };
    expect(counts).toMatchObject(expected);
  });

  it("is not news when the history says it was red before, though last night could not try it", () => {
    const tonight = night("r2", [PASS, PEFT]);
    const fp = tonight.gate.warnings[0]?.fingerprint as string;
    const lastNight = night("r1", [PASS, ["latest-peft", "smoke", "infra-error"]]);
    expect(planDigest(tonight, lastNight, opts)?.changes.new).toEqual([fp]);
    expect(planDigest(tonight, lastNight, { ...opts, ongoing: new Set([fp]) })).toBeNull();
  });

  it("says one breakage of two variants once, with culprit and signature, for Slack and Discord alike", () => {
    const plan = planDigest(night("r2", [PASS, PEFT, PEFT_ALL]), night("r1", [PASS]), opts);
    expect(plan?.body.text).toBe(
      [
        "matrix nightly (tinytune) r2: ✅ release gate passes",
        "New breakages (1):",
        "  • latest-peft, latest-all / smoke: fail, culprit peft: TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer' @ trainer.py",
      ].join("\n"),
    );
    expect(plan?.body.content).toBe(plan?.body.text);
  });

  it("heads a flip to blocked with the reasons, and marks the breakage that blocks", () => {
    const text = planDigest(night("r2", [["pinned", "smoke", "timeout"]]), night("r1", [PASS]), opts)?.body
      .text;
    expect(text).toMatch(
      /^matrix nightly \(tinytune\) r2: ❌ release blocked \(was passing\)\n {2}• pinned \/ smoke: timeout/,
    );
    expect(text).toContain("New breakages (1):\n  • [blocks] pinned / smoke: timeout");
  });

  it("stays quiet about an expected breakage, and speaks when its entry expires or goes stale", () => {
    const live = [expectedEntry({ package: "peft" })];
    expect(planDigest(night("r2", [PASS, PEFT], live), night("r1", [PASS]), opts)).toBeNull();
    const gone = [expectedEntry({ package: "peft", until: "2026-01-01" })];
    const expired = planDigest(night("r2", [PASS, PEFT], gone), night("r1", [PASS, PEFT], live), opts);
    expect(expired?.changes).toMatchObject({ new: [expect.any(String)], expired: ["peft/smoke/2026-01-01"] });
    expect(expired?.body.text).toContain(
      "Expected entries expired (they alert again) (1):\n  • expected[0] peft / smoke",
    );
    const stale = planDigest(night("r2", [PASS], live), night("r1", [PASS, PEFT], live), opts);
    expect(stale?.changes).toMatchObject({ fixed: [expect.any(String)], stale: ["peft/smoke/2026-12-31"] });
  });

  it("lists at most eight of a kind and stays under Discord's 2000 characters", () => {
    const many: Cell[] = Array.from({ length: 30 }, (_, i) => [
      `latest-p${i}`,
      "smoke",
      "fail",
      `p${i}`,
      `E${i}: ${"x".repeat(150)}`,
    ]);
    const plan = planDigest(night("r2", [PASS, ...many]), night("r1", [PASS]), {
      ...opts,
      link: "https://ci/run/1",
    });
    expect(plan?.body.text).toContain("  • and 22 more");
    expect(plan?.body.text.length).toBeLessThanOrEqual(1900);
  });
});
