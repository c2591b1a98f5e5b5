/**
 * Issue 20.9: the deepest resolver reason leads and names the culprit. `latest-all` moved three
 * packages; uv refused it because transformers 5.25.0 needs a kernels the index lacks. Triage, the
 * terminal, the gate and its breakage table must say transformers, not `unknown`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatTriage } from "../../commands/format-results.js";
import { decideGate } from "../gate/decide-gate.js";
import { gateSummarySchema } from "../gate/gate-summary.js";
import { renderGate } from "../gate/render-gate.js";
import { buildResult } from "../results/build-result.js";
import { excerptInstallError } from "../results/install-excerpt.js";
import { explainResolution } from "../results/resolution-failure.js";
import { triageRun } from "./triage-run.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../results/fixtures/resolution/${name}.txt`, import.meta.url), "utf8");

const variants = [
  { name: "pinned", kind: "pinned" as const, packages: [] },
  { name: "latest-all", kind: "latest" as const, packages: ["fakehub", "transformers", "peft"] },
];
const pinned = buildResult({
  variant: "pinned",
  job: "lora-smoke",
  expect: {},
  setup: { status: "ok", installed: {} },
  attempts: [],
});
const REASON =
  "Because only fakekernels==0.18.0 is available and transformers==5.25.0 depends on fakekernels>=0.19.1, we can conclude that transformers==5.25.0 cannot be used.";

describe.each(["uv-0.4-blocker-color", "uv-0.13-blocker", "pip-23.2-blocker"])("%s", (name) => {
  const output = fixture(name);

  it("a refused variant names the release it refuses, in triage, the terminal and the gate", () => {
    const refused = buildResult({
      variant: "latest-all",
      job: "lora-smoke",
      expect: {},
      setup: { status: "unsatisfiable", explanation: explainResolution(output) },
      attempts: [],
    });
    const summary = triageRun([{ ...pinned, status: "pass" }, refused], variants);
    expect(summary.unsatisfiable[0]?.culprits).toEqual(["transformers"]);
    const line = formatTriage(summary)
      .split("\n")
      .find((l) => l.includes("unsatisfiable latest-all"));
    expect(line).toContain("culprit transformers: ");
    expect(line).toMatch(/fakekernels.?>=0\.19\.1/);
    const gateSummary = gateSummarySchema.parse({ ...summary, results: [] });
    const decision = decideGate(gateSummary, { blockOn: ["latest-all"], jobs: ["lora-smoke"] });
    const refusals = decision.blockers.filter((f) => f.kind === "unsatisfiable");
    expect(refusals.map((f) => f.culprits)).toEqual([["transformers"]]);
    const row = renderGate(gateSummary, decision)
      .split("\n")
      .find((l) => l.startsWith("| blocks | latest-all"));
    expect(row).toContain("| transformers |");
    expect(row).not.toContain("| unknown |");
  });

  it("an install the resolver refused blames the moved release it names", () => {
    const broken = buildResult({
      variant: "latest-all",
      job: "lora-smoke",
      expect: {},
      setup: { status: "install-error", excerpt: excerptInstallError(output) },
      attempts: [],
    });
    const [regression] = triageRun([{ ...pinned, status: "pass" }, broken], variants).regressions;
    expect(regression?.culprits).toEqual(["transformers"]);
    expect(regression?.evidence).toBe("resolver");
  });
});

it("uv's reason is the derivation's first sentence, the blocker", () => {
  const summary = triageRun(
    [
      buildResult({
        variant: "latest-all",
        job: "lora-smoke",
        expect: {},
        setup: { status: "unsatisfiable", explanation: explainResolution(fixture("uv-0.4-blocker")) },
        attempts: [],
      }),
    ],
    variants,
  );
  expect(formatTriage(summary)).toContain(`culprit transformers: ${REASON.slice(0, 100)}`);
});
