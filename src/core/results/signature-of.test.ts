import { describe, expect, it } from "vitest";
import { excerptOf, signatureOf } from "./signature-of.js";

/** A transformers ImportError as the wrapper hits it, under a given venv and line numbers. */
const importError = (venv: string, line: number) => `Loading config...
Traceback (most recent call last):
  File "<frozen runpy>", line 198, in _run_module_as_main
  File "${venv}/lib/python3.11/site-packages/tinytune/__main__.py", line ${line}, in <module>
    from tinytune.train import main
  File "${venv}/lib/python3.11/site-packages/tinytune/train.py", line ${line + 7}, in <module>
    from transformers import TrainingArguments, is_torch_tpu_available
ImportError: cannot import name 'is_torch_tpu_available' from 'transformers' (${venv}/lib/python3.11/site-packages/transformers/__init__.py)
`;

const peftTypeError = (venv: string, line: number) => `step 0
Traceback (most recent call last):
  File "/home/runner/work/wrapper/src/train.py", line 88, in <module>
    model = get_peft_model(model, config)
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "${venv}/site-packages/peft/mapping.py", line ${line}, in get_peft_model
    return PeftModel(model, peft_config, adapter_name=adapter_name)
  File "${venv}/site-packages/peft/peft_model.py", line ${line + 100}, in __init__
    self.base_model = cls(model, {adapter_name: peft_config}, adapter_name)
TypeError: LoraModel.__init__() got an unexpected keyword argument 'low_cpu_mem_usage'
`;

const torchShapes = (rows: number, addr: string) => `Traceback (most recent call last):
  File "/tmp/tmpk2x9a8f1/run.py", line 12, in <module>
    out = model(batch)
  File "/opt/venvs/e1f0c3a9/lib/python3.11/site-packages/torch/nn/modules/module.py", line 1736, in _call_impl
    return forward_call(*args, **kwargs)
  File "/opt/venvs/e1f0c3a9/lib/python3.11/site-packages/torch/nn/modules/linear.py", line 125, in forward
    return F.linear(input, self.weight, self.bias)
           ~~~~~~~~^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
RuntimeError: mat1 and mat2 shapes cannot be multiplied (${rows}x768 and 512x768) at <Tensor object at ${addr}> on cuda:${rows % 2}
`;

describe("signatureOf", () => {
  it.each<[string, string, string]>([
    [
      "transformers ImportError",
      importError("/tmp/env-a", 3),
      "ImportError: cannot import name 'is_torch_tpu_available' from 'transformers' (<path>) @ train.py:<module> < __main__.py:<module> < <frozen runpy>:_run_module_as_main",
    ],
    [
      "peft TypeError",
      peftTypeError("/venv", 10),
      "TypeError: LoraModel.__init__() got an unexpected keyword argument 'low_cpu_mem_usage' @ peft_model.py:__init__ < mapping.py:get_peft_model < train.py:<module>",
    ],
    [
      "torch RuntimeError with shapes and addresses",
      torchShapes(4, "0x7f3a2c1b9e50"),
      "RuntimeError: mat1 and mat2 shapes cannot be multiplied (<n>x<n> and <n>x<n>) at <Tensor object at <addr>> on cuda:<n> @ linear.py:forward < module.py:_call_impl < run.py:<module>",
    ],
  ])("%s", (_name, output, signature) => {
    expect(signatureOf(output)).toBe(signature);
  });

  it.each<[string, string, string]>([
    [
      "venv paths and line numbers",
      importError("/tmp/env-a", 3),
      importError("/home/ci/.cache/matrix/envs/9f8e7d6c5b4a", 41),
    ],
    ["peft on two machines", peftTypeError("/venv", 10), peftTypeError("C:\\venvs\\x", 977)],
    ["shapes, devices and addresses", torchShapes(4, "0x7f3a2c1b9e50"), torchShapes(17, "0x55d0c0ffee00")],
    [
      "shas, temp dirs and sizes in messages",
      'Traceback (most recent call last):\n  File "/tmp/a/x.py", line 1, in f\nOSError: checkpoint 3f9a2b1c at /tmp/tmpab12/ckpt is 1024 bytes, wanted 2048.5',
      'Traceback (most recent call last):\n  File "/var/b/x.py", line 99, in f\nOSError: checkpoint 77e0d41f9c at /tmp/tmpzz99/ckpt is 10 bytes, wanted 1e3',
    ],
    [
      "rank prefixes and colours",
      `[rank0]: ${torchShapes(4, "0x1").replace(/\n/g, "\n[rank0]: ")}`,
      `\x1b[31m${torchShapes(8, "0x2")}\x1b[0m`,
    ],
  ])("is equal across %s", (_name, a, b) => {
    expect(signatureOf(a)).toBe(signatureOf(b));
  });

  it.each<[string, string, string]>([
    ["different exceptions", importError("/v", 3), peftTypeError("/v", 3)],
    [
      "different messages",
      peftTypeError("/v", 3),
      peftTypeError("/v", 3).replace("low_cpu_mem_usage", "use_dora"),
    ],
    [
      "different innermost frame",
      peftTypeError("/v", 3),
      peftTypeError("/v", 3).replace("in __init__", "in inject_adapter"),
    ],
    ["dtype names", "ValueError: expected float16", "ValueError: expected bfloat16"],
  ])("differs for %s", (_name, a, b) => {
    expect(signatureOf(a)).not.toBe(signatureOf(b));
  });

  it("uses the child's traceback, not the launcher's CalledProcessError after it", () => {
    const launcher = `${peftTypeError("/v", 3)}Traceback (most recent call last):
  File "/v/site-packages/accelerate/commands/launch.py", line 10, in launch_command
subprocess.CalledProcessError: Command '['/v/bin/python', 'train.py']' returned non-zero exit status 1.
`;
    expect(signatureOf(launcher)).toBe(signatureOf(peftTypeError("/w", 9)));
  });

  it("takes the last traceback of a chain", () => {
    const chained = `${importError("/v", 3)}
During handling of the above exception, another exception occurred:

${peftTypeError("/v", 3)}`;
    expect(signatureOf(chained)).toMatch(/^TypeError: /);
  });

  it.each<[string, string, string]>([
    [
      "the last lines, normalised",
      "loading\nstep 1/10\nSegmentation fault (core dumped) pid 4242\n",
      "loading | step <n>/<n> | Segmentation fault (core dumped) pid <n>",
    ],
    ["progress redraws", "10%|#  | 1/10\r50%|#####  | 5/10\nKilled\n", "<n>%|##### | <n>/<n> | Killed"],
    ["nothing", "  \n\n", "no output"],
  ])("without a traceback falls back to %s", (_name, output, signature) => {
    expect(signatureOf(output)).toBe(signature);
  });
});

describe("excerptOf", () => {
  it("is the explaining traceback block, message included", () => {
    const excerpt = excerptOf(`noise\n${peftTypeError("/v", 3)}trailing log line\n`);
    expect(excerpt.startsWith("Traceback (most recent call last):")).toBe(true);
    expect(excerpt).toContain(
      "TypeError: LoraModel.__init__() got an unexpected keyword argument 'low_cpu_mem_usage'",
    );
    expect(excerpt).not.toContain("noise");
  });

  it("keeps a multi-line message", () => {
    const out =
      'Traceback (most recent call last):\n  File "a.py", line 1, in f\nValueError: first\nsecond line\n\nlater';
    expect(excerptOf(out)).toBe(
      'Traceback (most recent call last):\n  File "a.py", line 1, in f\nValueError: first\nsecond line',
    );
  });

  it("is the output's tail without a traceback, capped", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
    expect(excerptOf(lines.join("\n")).split("\n")).toEqual(lines.slice(-40));
  });
});
