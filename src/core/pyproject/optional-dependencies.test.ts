import { describe, expect, it } from "vitest";
import { readOptionalGroups } from "./optional-dependencies.js";

describe("readOptionalGroups", () => {
  it.each([
    [
      "extras in file order, names without specifiers, extras or markers",
      `[project]\nname = "w"\ndependencies = []\n[project.optional-dependencies]\neval = ["lm-eval>=0.4", "Rouge_Score[x]==0.1 ; python_version > '3.8'"]\ndeepspeed = ["deepspeed"]\n`,
      [
        { extra: "eval", packages: ["lm-eval", "Rouge_Score"] },
        { extra: "deepspeed", packages: ["deepspeed"] },
      ],
    ],
    ["no table", `[project]\nname = "w"\ndependencies = ["a"]\n`, []],
    ["not TOML", "[project\n", []],
    [
      "a string that is not PEP 508 is left out",
      `[project.optional-dependencies]\nodd = ["??", "peft"]\n`,
      [{ extra: "odd", packages: ["peft"] }],
    ],
  ])("%s", (_, text, groups) => {
    expect(readOptionalGroups(text)).toEqual(groups);
  });
});
