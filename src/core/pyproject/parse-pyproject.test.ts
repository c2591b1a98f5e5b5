import { describe, expect, it } from "vitest";
import { planVariantFiles } from "../requirements/plan-variant-files.js";
import { locateRequirement } from "../requirements/requirements-tree.js";
import { parsePyprojectDependencies, pyprojectToDoc, pyprojectToTree } from "./parse-pyproject.js";
import { planPyprojectVariant } from "./plan-pyproject-variant.js";

const PYPROJECT = `[build-system]
requires = ["setuptools"]

[project]
name = "tinytune"
description = "mentions \\"transformers>=1\\" in a string"
dependencies = [
  "transformers==4.47.1",
  'peft>=0.14 ; python_version >= "3.9"',
  "accelerate[torch]==1.2.1",  # trailing comment
  "transformers-stream-generator==0.0.5",
    "bitsandbytes==0.45.0; sys_platform == 'linux'",
]

[project.optional-dependencies]
dev = ["pytest"]
`;

describe("parsePyprojectDependencies", () => {
  it("gives each string with the line and column of its text", () => {
    expect(parsePyprojectDependencies(PYPROJECT, "pyproject.toml")).toEqual([
      { text: "transformers==4.47.1", line: 8, col: 4 },
      { text: 'peft>=0.14 ; python_version >= "3.9"', line: 9, col: 4 },
      { text: "accelerate[torch]==1.2.1", line: 10, col: 4 },
      { text: "transformers-stream-generator==0.0.5", line: 11, col: 4 },
      { text: "bitsandbytes==0.45.0; sys_platform == 'linux'", line: 12, col: 6 },
    ]);
  });

  it.each<[string, string]>([
    ['[project]\nname = "x"\n', "pyproject.toml:1:1: no [project].dependencies list of strings (PEP 621)"],
    [
      '[tool.x]\ndependencies = ["a"]\n',
      "pyproject.toml:1:1: no [project].dependencies list of strings (PEP 621)",
    ],
    ["[project]\ndependencies = [\n", "pyproject.toml:"],
    [
      '[project]\ndependencies = [\n  "ok==1",\n  "torch=2.0",\n]\n',
      'pyproject.toml:4:9: invalid version specifier "=2.0": "=" is not an operator',
    ],
    [
      '[project]\ndependencies = ["-r other.txt"]\n',
      'pyproject.toml:2:18: "-r other.txt" is not a PEP 508 requirement',
    ],
  ])("%j -> %s", (text, message) => {
    expect(() => pyprojectToDoc(text, "pyproject.toml")).toThrow(message);
  });
});

describe("pyproject variants", () => {
  const doc = pyprojectToDoc(PYPROJECT, "pyproject.toml");

  it.each<[string, Parameters<typeof planPyprojectVariant>[1], string]>([
    ["pinned", [], ""],
    [
      "latest-transformers",
      [{ name: "transformers", target: { kind: "version", version: "4.48.0" } }],
      "transformers==4.48.0\n",
    ],
    [
      "upstream-all",
      [
        { name: "peft", target: { kind: "url", url: "git+https://h/peft.git@abc" } },
        { name: "Bitsandbytes", target: { kind: "version", version: "0.46.0" } },
      ],
      "peft @ git+https://h/peft.git@abc ; python_version >= \"3.9\"\nbitsandbytes==0.46.0; sys_platform == 'linux'\n",
    ],
  ])("%s", (_label, edits, overrides) => {
    const out = planPyprojectVariant(doc, edits);
    expect(out.overridesText).toBe(overrides);
    const lines = out.requirementsText.split("\n");
    expect(lines).toHaveLength(6);
    for (const line of overrides.split("\n").filter(Boolean)) expect(lines).toContain(line);
  });

  it("plans the same requirements.txt through the tree, and locates pins in pyproject.toml", () => {
    const tree = pyprojectToTree(PYPROJECT, "pyproject.toml");
    const edits = [{ name: "transformers", target: { kind: "version", version: "4.48.0" } as const }];
    expect(planVariantFiles(tree, edits)).toEqual([
      { relPath: "requirements.txt", text: planPyprojectVariant(doc, edits).requirementsText },
    ]);
    expect(locateRequirement(tree, "transformers").map((l) => [l.file, l.pin.line])).toEqual([
      ["pyproject.toml", 8],
    ]);
  });
});
