import { describe, expect, it } from "vitest";
import { applyInteraction, interactionStartOf, subsetOutcomeOf } from "./apply-interaction.js";
import {
  type InteractionSummary,
  nextSubsets,
  recordSubsets,
  type SubsetOutcome,
  startInteraction,
  summarizeInteraction,
} from "./find-interaction.js";
import { type Regression, type TriageInput, triageRun, type VariantMoves } from "./triage-run.js";

const variants: VariantMoves[] = [
  { name: "pinned", kind: "pinned", packages: [] },
  { name: "latest-transformers", kind: "latest", packages: ["transformers"] },
  { name: "latest-peft", kind: "latest", packages: ["peft"] },
  { name: "upstream-peft", kind: "upstream", packages: ["peft"] },
  { name: "latest-all", kind: "latest", packages: ["transformers", "peft", "accelerate"] },
];
const SIG = "AttributeError: 'LoraModel' object has no attribute 'rotary_emb'";
const r = (variant: string, status: TriageInput["status"], signature = SIG): TriageInput => ({
  variant,
  job: "lora",
  status,
  failure: status === "pass" ? null : { signature, blame: "transformers" },
});
const night = [
  r("pinned", "pass"),
  r("latest-transformers", "pass"),
  r("latest-peft", "fail", "ImportError: other"),
  r("upstream-peft", "pass"),
  r("latest-all", "fail"),
];
const allRegression = (): Regression => {
  const found = triageRun(night, variants).regressions.find((x) => x.variant === "latest-all");
  if (found === undefined) throw new Error("latest-all is not a regression");
  return found;
};

describe("interactionStartOf", () => {
  it("starts from the moved packages, the -all signature and tonight's single variants of the same kind", () => {
    expect(interactionStartOf(allRegression(), night, variants, 8)).toEqual({
      moved: ["transformers", "peft", "accelerate"],
      signature: SIG,
      known: [
        { set: ["transformers"], status: "pass", signature: null },
        { set: ["peft"], status: "fail", signature: "ImportError: other" },
      ],
      budget: 8,
    });
  });

  it("is null for a regression that needs no search", () => {
    const single = triageRun(night, variants).regressions.find((x) => x.variant === "latest-peft");
    expect(single && interactionStartOf(single, night, variants)).toBeNull();
  });

  it.each<[TriageInput["status"], SubsetOutcome["status"], string | null]>([
    ["pass", "pass", null],
    ["fail", "fail", SIG],
    ["install-error", "fail", SIG],
    ["flaky", "other", SIG],
    ["infra-error", "other", SIG],
  ])("a %s result is a %s subset outcome", (status, subset, signature) => {
    expect(subsetOutcomeOf(r("latest-peft", status))).toEqual({ status: subset, signature });
  });

  it("a timeout that left no signature compares by its status", () => {
    expect(subsetOutcomeOf({ variant: "v", job: "j", status: "timeout" })).toEqual({
      status: "fail",
      signature: "timeout",
    });
  });
});

describe("applyInteraction", () => {
  it("a whole night: {transformers, accelerate} break together, peft is cleared", () => {
    const regression = allRegression();
    expect(regression).toMatchObject({ evidence: "traceback", needs_interaction_search: true });
    const start = interactionStartOf(regression, night, variants);
    if (start === null) throw new Error("no search");
    let state = startInteraction(start);
    const run = (set: string[]): SubsetOutcome =>
      set.includes("transformers") && set.includes("accelerate")
        ? { set, status: "fail", signature: SIG }
        : { set, status: "pass", signature: null };
    for (let sets = nextSubsets(state); sets.length > 0; sets = nextSubsets(state)) {
      state = recordSubsets(state, sets.map(run));
    }
    // transformers and peft ran alone tonight, so only accelerate runs alone; peft failed
    // differently there, which is no evidence, so the pairs with it still run.
    expect(state.log.filter((e) => e.round > 0).map((e) => e.set.join("+"))).toEqual([
      "accelerate",
      "transformers+peft",
      "transformers+accelerate",
      "peft+accelerate",
    ]);
    expect(applyInteraction(regression, summarizeInteraction(state))).toMatchObject({
      culprits: ["transformers", "accelerate"],
      culprit: "transformers",
      evidence: "interaction",
      needs_interaction_search: false,
      cleared: ["peft"],
    });
  });

  const summary = (status: InteractionSummary["status"], culprits: string[], cleared: string[] = []) =>
    ({
      status,
      culprits,
      cleared,
      failing: [],
      tested: [],
      reason: null,
      steps: 0,
      rounds: 0,
    }) as InteractionSummary;

  it.each<[string, InteractionSummary, Partial<Regression>]>([
    [
      "single: one package, single-package evidence",
      summary("single", ["peft"], ["transformers", "accelerate"]),
      {
        culprits: ["peft"],
        culprit: "peft",
        evidence: "single-package-variant",
        cleared: ["transformers", "accelerate"],
      },
    ],
    [
      "found, the whole moved set",
      summary("found", ["transformers", "peft", "accelerate"]),
      { culprits: ["transformers", "peft", "accelerate"], evidence: "interaction", cleared: [] },
    ],
    [
      "not-found keeps the traceback blame",
      summary("not-found", []),
      { culprits: ["transformers"], evidence: "traceback", needs_interaction_search: false },
    ],
    [
      "budget keeps the traceback blame",
      summary("budget", []),
      { culprits: ["transformers"], evidence: "traceback", needs_interaction_search: false },
    ],
    [
      "running changes nothing",
      summary("running", ["peft"]),
      { culprits: ["transformers"], evidence: "traceback", needs_interaction_search: true },
    ],
  ])("%s", (_name, result, expected) => {
    expect(applyInteraction(allRegression(), result)).toMatchObject(expected);
  });
});
