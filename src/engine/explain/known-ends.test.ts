import { describe, expect, it } from "vitest";
import type { ResultRecord } from "../../core/results/result-record.js";
import type { Regression } from "../../core/triage/triage-run.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import { manifestOf, manifestVariant } from "../../core/variants/manifest-fixtures.js";
import { knownEndsOf } from "./explain-regressions.js";

const SHA = "b".repeat(40);
const upstream = (sha = SHA) => ({
  source: "upstream" as const,
  repo: "https://github.com/huggingface/peft.git",
  branch: "main",
  sha,
  url: `git+https://github.com/huggingface/peft.git@${sha}`,
});
const pinned = manifestVariant("pinned", "pinned");
const upstreamPeft = manifestVariant("upstream-peft", "upstream", "peft", upstream());
const latestPeft = manifestVariant("latest-peft", "latest", "peft", { source: "latest", version: "0.14.0" });
const upstreamAll: ManifestVariant = {
  ...manifestVariant("upstream-all", "upstream", "peft", upstream()),
  moves: ["peft", "transformers"],
  packages: { peft: upstream(), transformers: upstream("c".repeat(40)) },
};

const regression = (
  variant: string,
  status: Regression["status"] = "fail",
  culprits = ["peft"],
): Regression => ({
  variant,
  job: "lora-smoke",
  status,
  signature: "TypeError: x @ a.py:f",
  culprits,
  culprit: culprits[0] ?? null,
  evidence: "single-package-variant",
  needs_interaction_search: false,
  cleared: [],
  fingerprint: "0123456789abcdef",
});
const pinnedPassed = [{ variant: "pinned", job: "lora-smoke", status: "pass" } as ResultRecord];
const manifest = manifestOf("r", [pinned, upstreamPeft, latestPeft, upstreamAll]);
const bad = { status: "fail", signature: "TypeError: x @ a.py:f" };

describe("knownEndsOf: what tonight's cells already answered", () => {
  it.each<[string, Regression, string, ManifestVariant | null, unknown[]]>([
    [
      "the failing single-package cell is the bad end",
      regression("upstream-peft"),
      SHA,
      null,
      [{ ref: SHA, outcome: bad }],
    ],
    [
      "a timeout too, by its signature",
      regression("upstream-peft", "timeout"),
      SHA,
      null,
      [{ ref: SHA, outcome: bad }],
    ],
    ["not a cell that could not be installed", regression("upstream-peft", "install-error"), SHA, null, []],
    ["not a cell that moved other packages too", regression("upstream-all"), SHA, null, []],
    [
      "an interaction's cell, over its own variant",
      regression("upstream-all", "fail", ["peft", "transformers"]),
      SHA,
      upstreamAll,
      [{ ref: SHA, outcome: bad }],
    ],
    [
      "a release bisect: the bad release, and the passing pinned cell as the good end",
      regression("latest-peft"),
      "0.14.0",
      null,
      [
        { ref: "0.14.0", outcome: bad },
        { ref: "0.13.2", outcome: { status: "pass", signature: null } },
      ],
    ],
  ])("%s", (_name, reg, badRef, failing, expected) => {
    expect(knownEndsOf(manifest, pinnedPassed, reg, { bad: badRef, pinVersion: "0.13.2" }, failing)).toEqual(
      expected,
    );
  });

  it("knows no good end when the pinned cell did not pass, nor for a commit bisect", () => {
    const failed = [{ variant: "pinned", job: "lora-smoke", status: "fail" } as ResultRecord];
    const ends = { bad: "0.14.0", pinVersion: "0.13.2" };
    expect(knownEndsOf(manifest, failed, regression("latest-peft"), ends, null)).toHaveLength(1);
    expect(
      knownEndsOf(
        manifest,
        pinnedPassed,
        regression("upstream-peft"),
        { bad: SHA, pinVersion: "0.13.2" },
        null,
      ),
    ).toHaveLength(1);
  });
});
