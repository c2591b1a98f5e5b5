import { describe, expect, it } from "vitest";
import { cluesOf, hasClues } from "./failure-clues.js";

describe("cluesOf", () => {
  it.each([
    [
      "ImportError: cannot import name 'BoneConfig' from 'peft' (<path>) @ __main__.py:<module>",
      // Where the name was looked for is no clue: as a name it is the package's own.
      ["BoneConfig"],
      [],
    ],
    [
      "ImportError: cannot import name 'is_torch_fx_available' from 'transformers.utils.import_utils' (<path>)",
      ["is_torch_fx_available"],
      ["transformers/utils/import_utils"],
    ],
    [
      "ModuleNotFoundError: No module named 'peft.tuners.bone' @ __init__.py:<module>",
      ["bone"],
      ["peft/tuners/bone"],
    ],
    [
      "ValueError: regpkg.scale(<n>) returned <n>, expected <n> @ __init__.py:check",
      ["scale"],
      ["regpkg/scale"],
    ],
    [
      "TypeError: LoraConfig.__init__() got an unexpected keyword argument 'use_dora' @ trainer.py:build",
      ["LoraConfig", "use_dora"],
      [],
    ],
    ["AttributeError: 'NoneType' object has no attribute 'rotary_emb' @ lora.py:forward", ["rotary_emb"], []],
    [
      "transformers.utils.SomeDependencyError: missing",
      ["SomeDependencyError"],
      ["transformers/utils/SomeDependencyError"],
    ],
    ["FileNotFoundError: model.safetensors not found in 'config.json'", [], []],
    ["smoke check failed: loss <n> above <n> | exit <n>", [], []],
    ["no output", [], []],
  ])("%s", (signature, names, modules) => {
    const clues = cluesOf(signature);
    expect(clues.names).toEqual([...names].sort());
    expect(clues.modules).toEqual([...modules].sort());
    expect(hasClues(clues)).toBe(names.length + modules.length > 0);
  });

  it("reads the message only: frames name the wrapper's call sites", () => {
    expect(cluesOf("RuntimeError: boom @ modeling_llama.py:apply_rotary < trainer.py:train").names).toEqual(
      [],
    );
  });
});
