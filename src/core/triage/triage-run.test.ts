import { describe, expect, it } from "vitest";
import { type TriageInput, triageRun, type VariantMoves } from "./triage-run.js";

const variants: VariantMoves[] = [
  { name: "pinned", kind: "pinned", packages: [] },
  { name: "latest-all", kind: "latest", packages: ["transformers", "peft"] },
  { name: "upstream-transformers", kind: "upstream", packages: ["transformers"] },
  { name: "upstream-peft", kind: "upstream", packages: ["peft"] },
  { name: "upstream-all", kind: "upstream", packages: ["transformers", "peft"] },
];
const r = (variant: string, status: TriageInput["status"], blame: string | null = null): TriageInput => ({
  variant,
  job: "lora",
  status,
  failure: status === "pass" ? null : { signature: `sig-${variant}`, blame },
});

describe("triageRun", () => {
  it("blocks the release when pinned fails, and does not call others regressions", () => {
    const s = triageRun([r("pinned", "fail"), r("latest-all", "fail")], variants);
    expect(s.blocked).toBe(true);
    expect(s.blockers.map((b) => b.variant)).toEqual(["pinned"]);
    expect(s.regressions).toEqual([]);
  });

  it.each<[string, TriageInput[], string | null, string]>([
    [
      "a single-package variant names the culprit of upstream-all",
      [
        r("pinned", "pass"),
        r("upstream-transformers", "pass"),
        r("upstream-peft", "fail"),
        r("upstream-all", "fail"),
      ],
      "peft",
      "single-package-variant",
    ],
    [
      "the traceback blames a moved package when no single variant fails",
      [
        r("pinned", "pass"),
        r("upstream-transformers", "pass"),
        r("upstream-peft", "pass"),
        r("upstream-all", "fail", "transformers"),
      ],
      "transformers",
      "traceback",
    ],
    ["nothing to go on", [r("pinned", "pass"), r("upstream-all", "fail", "torch")], null, "none"],
  ])("%s", (_label, results, culprit, evidence) => {
    const s = triageRun(results, variants);
    expect(s.blocked).toBe(false);
    const all = s.regressions.find((x) => x.variant === "upstream-all");
    expect(all).toMatchObject({ culprit, evidence });
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

  it("names the only moved package of a single-package variant", () => {
    const s = triageRun([r("pinned", "pass"), r("upstream-peft", "timeout")], variants);
    expect(s.regressions[0]).toMatchObject({
      culprit: "peft",
      evidence: "only-package-moved",
      status: "timeout",
    });
  });
});
