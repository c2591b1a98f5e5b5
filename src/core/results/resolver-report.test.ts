import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { causeOf } from "./explain-cause.js";
import { excerptInstallError, installReasonOf } from "./install-excerpt.js";
import { explainResolution, isResolutionFailure } from "./resolution-failure.js";
import { parseResolverReport } from "./resolver-report.js";

// Real outputs of uv 0.13.9 (the pinned one), uv 0.4.30 and pip 23.2.1, plain, `--color always`
// and under a terminal (`-tty`, recorded with script(1)), against a local index. The `blocker`
// ones are issue 20.9's night: transformers 5.25.0 needs a kernels the index does not have.
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/resolution/${name}.txt`, import.meta.url), "utf8");

const CONFLICT =
  "Because faketrl==2.0.0 depends on fakeformers>=1.2 and you require fakeformers==1.0.0, we can conclude that your requirements and faketrl==2.0.0 are incompatible.";
const CONFLICT_13 =
  "Because faketrl>=2.0.0 depends on fakeformers>=1.2 and you require fakeformers==1.0.0, we can conclude that your requirements and faketrl>=2.0.0 are incompatible.";
const BLOCKER = (range: string) =>
  `Because only fakekernels==0.18.0 is available and transformers${range}5.25.0 depends on fakekernels>=0.19.1, we can conclude that transformers${range}5.25.0 cannot be used.`;
const PIP_CONFLICT =
  "The conflict is caused by: The user requested fakeformers==1.0.0; faketrl 2.0.0 depends on fakeformers>=1.2";
const PIP_BLOCKER =
  "Could not find a version that satisfies the requirement fakekernels>=0.19.1 (from transformers) (from versions: 0.18.0)";

describe("parseResolverReport", () => {
  it.each([
    ["uv-0.13-conflict", "uv", CONFLICT_13],
    ["uv-0.13-conflict-color", "uv", CONFLICT_13],
    ["uv-0.13-conflict-tty", "uv", CONFLICT_13],
    ["uv-0.13-blocker", "uv", BLOCKER(">=")],
    ["uv-0.13-blocker-color", "uv", BLOCKER(">=")],
    ["uv-0.4-conflict", "uv", CONFLICT],
    ["uv-0.4-conflict-color", "uv", CONFLICT],
    ["uv-0.4-conflict-tty", "uv", CONFLICT],
    ["uv-0.4-blocker", "uv", BLOCKER("==")],
    ["uv-0.4-blocker-color", "uv", BLOCKER("==")],
    ["pip-23.2-conflict", "pip", PIP_CONFLICT],
    ["pip-23.2-conflict-color", "pip", PIP_CONFLICT],
    ["pip-23.2-blocker", "pip", PIP_BLOCKER],
    ["pip-23.2-blocker-color", "pip", PIP_BLOCKER],
  ])("%s: one clean reason line", (name, installer, reason) => {
    const report = parseResolverReport(fixture(name));
    expect(report?.installer).toBe(installer);
    expect(report?.reason).toBe(reason);
    // No colour, no redraw, no marker survives into what a reader shows.
    for (const line of report?.lines ?? []) {
      expect(line).not.toContain("\u001b");
      expect(line).not.toContain("\r");
      expect(line).not.toMatch(/^\s*(×|╰─▶|cause:|ERROR:)/u);
    }
  });

  it.each([
    ["an unrelated failure", "error: Failed to build `demo @ file:///x`\n  cause: exit status 1"],
    ["a traceback", "Traceback (most recent call last):\nValueError: x"],
    ["nothing", ""],
  ])("finds no report in %s", (_what, output) => {
    expect(parseResolverReport(output)).toBeNull();
  });

  it.each([
    ["uv-0.13-blocker", ["transformers==5.25.0"]],
    ["uv-0.13-blocker-color", ["transformers==5.25.0"]],
    ["uv-0.4-blocker", ["transformers==5.25.0"]],
    ["uv-0.13-conflict", ["fakeformers==1.0.0", "faketrl==2.0.0"]],
    ["uv-0.4-conflict-tty", ["fakeformers==1.0.0", "faketrl==2.0.0"]],
    ["uv-0.13-constraint-conflict", ["faketrl==2.0.0"]],
    ["uv-0.13-direct-conflict", ["fakeformers==1.0.0", "fakeformers>=1.2"]],
    // "we can conclude that you require faketrl>=2" is derived, not the user's.
    ["uv-0.13-transitive-conflict", ["fake-peft==1.0.0", "faketrl==1.0.0"]],
    ["uv-0.4-transitive-conflict", ["fake-peft==1.0.0", "faketrl==1.0.0"]],
    ["pip-23.2-conflict", ["fakeformers==1.0.0"]],
    ["pip-23.2-constraint-conflict", ["fakeformers==1.0.0"]],
    ["pip-23.2-direct-conflict", ["fakeformers==1.0.0", "fakeformers>=1.2"]],
    ["pip-23.2-blocker", []],
  ])("%s: the user's own pins beside the deepest reason", (name, required) => {
    const report = parseResolverReport(fixture(name));
    expect(report?.required).toEqual(required);
    // The pin "you require" names comes from a later sentence: it does not displace the reason.
    if (name.includes("blocker") && report?.installer === "uv") {
      expect(report.reason).toBe(BLOCKER(name.startsWith("uv-0.4") ? "==" : ">="));
      expect(report.reason).not.toContain("you require");
    }
    // An unsatisfiable result keeps only the derivation: the pins are still read from it.
    expect(parseResolverReport(explainResolution(fixture(name)))?.required).toEqual(required);
  });

  it("reads an unsatisfiable result's excerpt (the derivation alone) as the whole report", () => {
    const output = fixture("uv-0.4-blocker-color");
    expect(parseResolverReport(explainResolution(output))?.reason).toBe(BLOCKER("=="));
  });
});

describe("every reader of a resolver's reason gives the parser's reason", () => {
  const names = readdirSync(new URL("./fixtures/resolution/", import.meta.url))
    .map((f) => f.replace(/\.txt$/, ""))
    .filter((name) => parseResolverReport(fixture(name)) !== null);

  it.each(names)("%s", (name) => {
    const output = fixture(name);
    const reason = parseResolverReport(output)?.reason;
    expect(installReasonOf(output)).toBe(reason);
    for (const status of ["install-error", "unsatisfiable"]) {
      expect(causeOf({ status, failure: { signature: "", excerpt: excerptInstallError(output) } })).toBe(
        reason,
      );
      expect(causeOf({ status, failure: { signature: "", excerpt: explainResolution(output) } })).toBe(
        reason,
      );
    }
  });

  it("a blocker the index cannot satisfy is not a conflict other pins could cure", () => {
    for (const name of ["uv-0.13-blocker", "uv-0.4-blocker-color", "pip-23.2-blocker"])
      expect(isResolutionFailure(fixture(name))).toBe(false);
  });
});
