import { describe, expect, it } from "vitest";
import { declaredDependencies, missingDeclaredDependency, missingModuleOf } from "./missing-dependency.js";

const METADATA = `Metadata-Version: 2.1
Name: transformers
Version: 4.48.0.dev0
Requires-Dist: filelock
Requires-Dist: huggingface-hub (<1.0,>=0.24.0)
Requires-Dist: PyYAML>=5.1
Requires-Dist: safetensors>=0.4.1 ; python_version >= "3.8"
Requires-Dist: accelerate>=0.26.0; extra == "torch"
Requires-Dist: Pillow ; extra == 'vision'

Requires-Dist: not-a-header-but-the-description
`;

describe("declaredDependencies", () => {
  it("reads unconditional Requires-Dist names, PEP 503 normalised, extras left out", () => {
    expect(declaredDependencies(METADATA)).toEqual(["filelock", "huggingface-hub", "pyyaml", "safetensors"]);
  });
});

describe("missingDeclaredDependency", () => {
  const declared = declaredDependencies(METADATA);
  it.each([
    ["ModuleNotFoundError: No module named 'safetensors'", "safetensors", "safetensors"],
    ["ModuleNotFoundError: No module named 'safetensors.torch'", "safetensors", "safetensors"],
    ["ModuleNotFoundError: No module named 'huggingface_hub'", "huggingface_hub", "huggingface-hub"],
    ["ModuleNotFoundError: No module named 'yaml'", "yaml", "pyyaml"],
    // An extra's dependency, or one the candidate never declared, is the candidate's own breakage.
    ["ModuleNotFoundError: No module named 'PIL'", "PIL", null],
    ["ModuleNotFoundError: No module named 'fakeformers._kernels'", "fakeformers", null],
    ["ImportError: cannot import name 'split_torch_state_dict' from 'huggingface_hub'", null, null],
    ["TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'", null, null],
  ])("%s", (output, module, dependency) => {
    expect(missingModuleOf(`Traceback (most recent call last):\n  ...\n${output}\n`)).toBe(module);
    expect(missingDeclaredDependency(output, declared)).toBe(dependency);
  });
});
