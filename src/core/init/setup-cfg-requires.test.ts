import { describe, expect, it } from "vitest";
import { readSetupCfgRequires } from "./setup-cfg-requires.js";

describe("readSetupCfgRequires", () => {
  it.each([
    [
      "an indented list under [options]",
      "[metadata]\nname = w\n\n[options]\ninstall_requires =\n    transformers>=4.40  # comment\n    peft[extra]==0.11\n\n    accelerate\npackages = find:\n",
      ["transformers", "peft", "accelerate"],
    ],
    ["a value on the key's line", "[options]\ninstall_requires = torch\n", ["torch"]],
    ["install_requires of another section", "[tool]\ninstall_requires =\n    nope\n", []],
    ["no [options] at all", "[metadata]\nname = w\n", []],
  ])("reads %s", (_what, text, names) => {
    expect(readSetupCfgRequires(text)).toEqual(names);
  });
});
