import { describe, expect, it } from "vitest";
import { declaresBuildSystem } from "./declares-build-system.js";

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
