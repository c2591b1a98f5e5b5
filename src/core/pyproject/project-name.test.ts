import { describe, expect, it } from "vitest";
import { readProjectName } from "./project-name.js";

describe("readProjectName", () => {
  it.each([
    ["PEP 621 name", '[project]\nname = "tinytune"\n', null, "tinytune"],
    ["setup.cfg metadata", null, "[metadata]\nname = my-wrapper\nversion = 1\n", "my-wrapper"],
    ["pyproject wins over setup.cfg", '[project]\nname = "a"\n', "[metadata]\nname = b\n", "a"],
    ["a name in another section is not the project's", null, "[options]\nname = x\n", null],
    ["dynamic name: none", "[project]\ndynamic = ['name']\n", null, null],
    ["bad TOML falls back to setup.cfg", "[project\n", "[metadata]\nname = c\n", "c"],
    ["neither file", null, null, null],
  ])("%s", (_what, pyproject, setupCfg, name) => {
    expect(readProjectName(pyproject, setupCfg)).toBe(name);
  });
});
