import { describe, expect, it } from "vitest";
import { declaresBuildSystem, declaresProjectDependencies } from "./declares-build-system.js";

describe("declaresBuildSystem", () => {
  it.each([
    ['[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n', true],
    ['[project]\nname = "train"\ndependencies = ["torch==2.5.1"]\n', false],
    ['[project]\ndependencies = []\n[tool.uv.workspace]\nmembers = ["packages/*"]\n', false],
    ["[build-system\n", true],
    ["", false],
  ])("%j -> %s", (text, expected) => {
    expect(declaresBuildSystem(text)).toBe(expected);
  });
});

describe("declaresProjectDependencies", () => {
  it.each([
    ["a PEP 621 list", '[project]\nname = "w"\ndependencies = ["peft==0.14.0"]\n', true],
    [
      "dynamic dependencies, another table's key",
      '[project]\nname = "w"\ndynamic = ["dependencies"]\n\n[tool.pdm]\ndependencies = ["x"]\n',
      false,
    ],
    ["no [project] table", '[tool.poetry.dependencies]\npython = "^3.10"\n', false],
    ["unreadable TOML", "[project\n", false],
  ])("%s: %s", (_, text, expected) => {
    expect(declaresProjectDependencies(text)).toBe(expected);
  });
});
