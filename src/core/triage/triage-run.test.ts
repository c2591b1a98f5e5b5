import { describe, expect, it } from "vitest";
import { fingerprintOf } from "../issues/fingerprint.js";
import { type Regression, type TriageInput, triageRun, type VariantMoves } from "./triage-run.js";

const variants: VariantMoves[] = [
  { name: "pinned", kind: "pinned", packages: [] },
  { name: "latest-all", kind: "latest", packages: ["transformers", "peft"] },
  { name: "upstream-transformers", kind: "upstream", packages: ["transformers"] },
  { name: "upstream-peft", kind: "upstream", packages: ["peft"] },
  { name: "upstream-all", kind: "upstream", packages: ["transformers", "peft"] },
];
const SIG = "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'";
const OTHER = "ImportError: cannot import name 'is_torch_xla_available'";
const r = (
  variant: string,
  status: TriageInput["status"],
  blame: string | null = null,
  signature = SIG,
): TriageInput => ({
  variant,
  job: "lora",
  status,
  failure: status === "pass" ? null : { signature, blame },
});

describe("triageRun", () => {
  it("blocks the release when pinned fails, and does not call others regressions", () => {
    const s = triageRun([r("pinned", "fail"), r("latest-all", "fail")], variants);
    expect(s.blocked).toBe(true);
    expect(s.blockers.map((b) => b.variant)).toEqual(["pinned"]);
    expect(s.regressions).toEqual([]);
  });

  it.each<[string, TriageInput[], string[], Regression["evidence"], boolean]>([
    [
      "a single-package variant failing the same way names the culprit of upstream-all",
      [
        r("pinned", "pass"),
        r("upstream-transformers", "pass"),
        r("upstream-peft", "fail"),
        r("upstream-all", "fail"),
      ],
      ["peft"],
      "single-package-variant",
      false,
    ],
    [
      "a single-package variant failing differently lends no culprit: traceback, and a search",
      [
        r("pinned", "pass"),
        r("upstream-peft", "fail", "peft", OTHER),
        r("upstream-all", "fail", "transformers"),
      ],
      ["transformers"],
      "traceback",
      true,
    ],
    [
      "the traceback blames a moved package when no single variant fails, and asks for a search",
      [
        r("pinned", "pass"),
        r("upstream-transformers", "pass"),
        r("upstream-peft", "pass"),
        r("upstream-all", "fail", "transformers"),
      ],
      ["transformers"],
      "traceback",
      true,
    ],
    [
      "both single variants fail the same way: not an interaction, the traceback decides",
      [
        r("pinned", "pass"),
        r("upstream-transformers", "fail"),
        r("upstream-peft", "fail"),
        r("upstream-all", "fail", "peft"),
      ],
      ["peft"],
      "traceback",
      false,
    ],
    [
      "a timeout with no signature matches a timeout by its status",
      [
        r("pinned", "pass"),
        { variant: "upstream-peft", job: "lora", status: "timeout" },
        { variant: "upstream-all", job: "lora", status: "timeout" },
      ],
      ["peft"],
      "single-package-variant",
      false,
    ],
    [
      "nothing to go on, no single variants",
      [r("pinned", "pass"), r("upstream-all", "fail", "torch")],
      [],
      "none",
      true,
    ],
  ])("%s", (_label, results, culprits, evidence, search) => {
    const s = triageRun(results, variants);
    expect(s.blocked).toBe(false);
    const all = s.regressions.find((x) => x.variant === "upstream-all");
    expect(all).toMatchObject({
      culprits,
      culprit: culprits[0] ?? null,
      evidence,
      needs_interaction_search: search,
    });
  });

  it("does not take a single-package variant of the other kind as evidence", () => {
    const s = triageRun([r("pinned", "pass"), r("upstream-peft", "fail"), r("latest-all", "fail")], variants);
    expect(s.regressions.find((x) => x.variant === "latest-all")).toMatchObject({
      culprits: [],
      evidence: "none",
      needs_interaction_search: true,
    });
  });

  it("reports a differently failing single variant as its own regression, with the whole record", () => {
    const s = triageRun(
      [r("pinned", "pass"), r("upstream-peft", "fail", null, OTHER), r("upstream-all", "fail")],
      variants,
    );
    expect(s.regressions).toEqual([
      {
        variant: "upstream-peft",
        job: "lora",
        status: "fail",
        signature: OTHER,
        culprits: ["peft"],
        culprit: "peft",
        evidence: "only-package-moved",
        needs_interaction_search: false,
        cleared: [],
        fingerprint: fingerprintOf({ packages: ["peft"], job: "lora", signature: OTHER }),
      },
      {
        variant: "upstream-all",
        job: "lora",
        status: "fail",
        signature: SIG,
        culprits: [],
        culprit: null,
        evidence: "none",
        needs_interaction_search: true,
        cleared: [],
        fingerprint: fingerprintOf({ packages: [], job: "lora", signature: SIG }),
      },
    ]);
  });

  it("sorts flaky, infra and passing results apart", () => {
    const s = triageRun(
      [r("pinned", "flaky"), r("upstream-peft", "infra-error"), r("latest-all", "pass")],
      variants,
    );
    expect([s.flaky.length, s.infra.length, s.passed.length, s.regressions.length, s.blocked]).toEqual([
      1,
      1,
      1,
      0,
      false,
    ]);
  });

  it("triages a stand-in made during the run by what it moves, and lists what it left out", () => {
    const left_out = { of: "latest-all", packages: ["transformers"], reason: "transformers: needs kernels" };
    const standIn = { ...r("latest-all-without-transformers", "fail"), left_out };
    const s = triageRun([r("pinned", "pass"), r("latest-all", "unsatisfiable"), standIn], variants);
    expect(s.left_out).toEqual([
      {
        variant: "latest-all",
        as: "latest-all-without-transformers",
        packages: ["transformers"],
        reason: "transformers: needs kernels",
      },
    ]);
    expect(s.regressions[0]).toMatchObject({
      variant: "latest-all-without-transformers",
      culprits: ["peft"],
      evidence: "only-package-moved",
    });
  });

  it("keeps a stale upstream apart: never passed, never a regression", () => {
    const s = triageRun([r("pinned", "pass"), r("upstream-peft", "stale-upstream")], variants);
    expect(s.stale.map((c) => c.variant)).toEqual(["upstream-peft"]);
    expect([s.passed.length, s.regressions.length, s.infra.length]).toEqual([1, 0, 0]);
  });

  it("names the only moved package of a single-package variant", () => {
    const s = triageRun([r("pinned", "pass"), r("upstream-peft", "timeout")], variants);
    expect(s.regressions[0]).toMatchObject({
      culprit: "peft",
      culprits: ["peft"],
      evidence: "only-package-moved",
      status: "timeout",
      needs_interaction_search: false,
    });
  });
});
