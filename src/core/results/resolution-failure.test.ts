import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { excerptInstallError } from "./install-excerpt.js";
import { explainResolution, implicatedPackages, isResolutionFailure } from "./resolution-failure.js";

// Outputs captured from uv 0.13.9, uv 0.4.30 and pip 23.2.1 against a local index with
// fakeformers 1.0.0-1.3.0, faketrl 1.0.0 / 2.0.0 (fakeformers>=1.2) and friends. The one
// `.composed` file is the uv 0.4 capture with a hint block appended in uv's layout.
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/resolution/${name}.txt`, import.meta.url), "utf8");

describe("isResolutionFailure", () => {
  it.each([
    ["uv-0.13-conflict", true],
    ["uv-0.13-conflict-color", true],
    ["uv-0.13-conflict-tty", true],
    ["uv-0.13-transitive-conflict", true],
    ["uv-0.13-direct-conflict", true],
    ["uv-0.13-constraint-conflict", true],
    ["uv-0.13-missing-version", false],
    ["uv-0.13-missing-package", false],
    ["uv-0.13-missing-range", false],
    ["uv-0.13-missing-dependency", false],
    ["uv-0.13-requires-python", false],
    ["uv-0.13-unreachable", false],
    ["uv-0.4-conflict", true],
    ["uv-0.4-conflict-with-hint.composed", true],
    ["uv-0.4-transitive-conflict", true],
    ["uv-0.4-missing-version", false],
    ["uv-0.4-missing-dependency", false],
    ["uv-0.4-unreachable", false],
    ["pip-23.2-conflict", true],
    ["pip-23.2-transitive-conflict", true],
    ["pip-23.2-direct-conflict", true],
    ["pip-23.2-constraint-conflict", true],
    ["pip-23.2-missing-version", false],
    ["pip-23.2-missing-package", false],
    ["pip-23.2-missing-range", false],
    ["pip-23.2-missing-dependency", false],
    ["pip-23.2-requires-python", false],
    ["pip-23.2-unreachable", false],
  ])("%s -> %s", (name, expected) => {
    const output = fixture(name);
    expect(isResolutionFailure(output)).toBe(expected);
    // The install excerpt (what an install-error record keeps) classifies the same way.
    expect(isResolutionFailure(excerptInstallError(output))).toBe(expected);
  });

  it.each([
    [
      "pip's single-requirement report when a listed version fits (ruled out while backtracking)",
      "ERROR: Could not find a version that satisfies the requirement fakeformers>=1.2 (from faketrl==2.0.0->-r r.txt (line 2)) (from versions: 1.0.0, 1.2.0)",
      true,
    ],
    [
      "pip's single-requirement report when no listed version fits",
      "ERROR: Could not find a version that satisfies the requirement fakeformers>=1.4 (from faketrl) (from versions: 1.0.0, 1.3.0)",
      false,
    ],
    ["an unrelated failure", "error: Failed to build `demo @ file:///x`\n  cause: exit status 1", false],
    [
      "a uv Python version leaf",
      "× No solution found when resolving dependencies:\n╰─▶ Because the current Python version (3.8) does not satisfy Python>=3.9 and demo==1 depends on Python>=3.9, we can conclude that demo==1 cannot be used.",
      false,
    ],
    [
      "a package named python-dateutil",
      "error: No solution found when resolving dependencies\n  cause: Because demo==1 depends on python-dateutil>=3 and you require python-dateutil==2.9, we can conclude that demo==1 cannot be used.",
      true,
    ],
  ])("%s", (_name, output, expected) => {
    expect(isResolutionFailure(output)).toBe(expected);
  });
});

describe("explainResolution", () => {
  const uv13 = [
    "Because faketrl>=2.0.0 depends on fakeformers>=1.2 and you require fakeformers==1.0.0, we can conclude that your requirements and faketrl>=2.0.0 are incompatible.",
    "And because you require faketrl==2.0.0, we can conclude that your requirements are unsatisfiable.",
  ].join("\n");
  it.each([
    ["uv-0.13-conflict", uv13],
    ["uv-0.13-conflict-color", uv13],
    ["uv-0.13-conflict-tty", uv13],
    [
      "uv-0.4-conflict-with-hint.composed",
      [
        "Because faketrl==2.0.0 depends on fakeformers>=1.2 and you require",
        "fakeformers==1.0.0, we can conclude that your requirements and",
        "faketrl==2.0.0 are incompatible.",
        "And because you require faketrl==2.0.0, we can conclude that your",
        "requirements are unsatisfiable.",
      ].join("\n"),
    ],
    [
      "pip-23.2-conflict",
      [
        "Cannot install -r conflict.txt (line 2) and fakeformers==1.0.0 because these package versions have conflicting dependencies.",
        "The conflict is caused by:",
        "    The user requested fakeformers==1.0.0",
        "    faketrl 2.0.0 depends on fakeformers>=1.2",
      ].join("\n"),
    ],
    [
      "pip-23.2-missing-version",
      "Could not find a version that satisfies the requirement fakeformers==9.9.9 (from versions: 1.0.0, 1.1.0, 1.2.0, 1.3.0)",
    ],
  ])("%s", (name, expected) => {
    expect(explainResolution(fixture(name))).toBe(expected);
  });

  it("falls back to the install excerpt", () => {
    expect(explainResolution("noise\nerror: Failed to build `x`")).toBe("error: Failed to build `x`");
  });
});

describe("implicatedPackages", () => {
  const pins = ["Fake.Peft", "FakeFormers", "faketrl", "accelerate"];
  it.each([
    ["uv-0.13-conflict", ["FakeFormers", "faketrl"]],
    ["uv-0.4-conflict-with-hint.composed", ["FakeFormers", "faketrl"]],
    ["uv-0.13-transitive-conflict", ["Fake.Peft", "faketrl"]],
    ["uv-0.4-transitive-conflict", ["Fake.Peft", "faketrl"]],
    ["pip-23.2-conflict", ["FakeFormers", "faketrl"]],
    ["pip-23.2-transitive-conflict", ["Fake.Peft", "FakeFormers"]],
    ["pip-23.2-missing-version", ["FakeFormers"]],
  ])("%s names %j", (name, expected) => {
    expect(implicatedPackages(fixture(name), pins)).toEqual(expected);
  });

  it.each([
    ["fake_peft", "Fake.Peft"],
    ["FAKE-PEFT", "Fake.Peft"],
    ["fake--peft", "fake..peft"],
  ])("matches %s in the report against the candidate %s", (inReport, candidate) => {
    const output = `error: No solution found when resolving dependencies\n  cause: Because ${inReport}==1 depends on x>=2 and you require x==1, we can conclude that ${inReport}==1 cannot be used.`;
    expect(implicatedPackages(output, [candidate, candidate])).toEqual([candidate]);
  });

  it("does not match a name inside a longer one", () => {
    const output =
      "error: No solution found when resolving dependencies\n  cause: Because transformers-stream==1 depends on x>=2 and you require x==1, we can conclude that they are incompatible.";
    expect(implicatedPackages(output, ["transformers", "x"])).toEqual(["x"]);
  });
});

describe("an absent release is told from a conflict that names available versions", () => {
  it.each([
    [
      "the index lacks the release a dependency needs",
      "error: No solution found when resolving dependencies\n  cause: Because only fakekernels==0.18.0 is available and transformers==5.25.0 depends on fakekernels>=0.19.1, we can conclude that transformers==5.25.0 cannot be used.",
      false,
    ],
    [
      "the only release of a package clashes with a pin",
      "error: No solution found when resolving dependencies\n  cause: Because only faketrl==2.0.0 is available and faketrl==2.0.0 depends on fakeformers>=1.2, we can conclude that all versions of faketrl depend on fakeformers>=1.2.\n         And because you require fakeformers==1.0.0 and faketrl, we can conclude that your requirements are unsatisfiable.",
      true,
    ],
  ])("%s -> %s", (_what, output, conflict) => {
    expect(isResolutionFailure(output)).toBe(conflict);
  });
});
