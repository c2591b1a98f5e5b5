import { describe, expect, it } from "vitest";
import { blameOf, distributionOf } from "./blame-of.js";

const tb = (frames: string[], exception: string) =>
  `Traceback (most recent call last):\n${frames.map((f, i) => `  File "${f}", line ${i + 1}, in fn${i}\n    code()`).join("\n")}\n${exception}\n`;

const SITE = "/home/ci/.cache/matrix/envs/abc/lib/python3.11/site-packages";

describe("blameOf", () => {
  it.each<[string, string, string | null]>([
    [
      "innermost frame in transformers",
      tb(
        ["/w/train.py", `${SITE}/peft/peft_model.py`, `${SITE}/transformers/modeling_utils.py`],
        "AttributeError: x",
      ),
      "transformers",
    ],
    [
      "innermost frame in peft",
      tb(["/w/train.py", `${SITE}/peft/tuners/lora/model.py`], "TypeError: y"),
      "peft",
    ],
    [
      "stdlib frames skipped",
      tb(
        [
          `${SITE}/accelerate/utils/operations.py`,
          "/usr/lib/python3.11/functools.py",
          "<frozen importlib._bootstrap>",
        ],
        "KeyError: 'z'",
      ),
      "accelerate",
    ],
    [
      "Debian dist-packages",
      tb(["/usr/lib/python3/dist-packages/bitsandbytes/functional.py"], "RuntimeError: cuda"),
      "bitsandbytes",
    ],
    ["distribution spelt differently", tb([`${SITE}/yaml/constructor.py`], "yaml.YAMLError: bad"), "pyyaml"],
    [
      "underscored import name",
      tb([`${SITE}/huggingface_hub/utils/_errors.py`], "OSError: 404"),
      "huggingface-hub",
    ],
    ["single-module distribution", tb([`${SITE}/six.py`], "ValueError: v"), "six"],
    [
      "Windows venv",
      tb(["C:\\env\\Lib\\site-packages\\torch\\nn\\functional.py"], "RuntimeError: r"),
      "torch",
    ],
    [
      "the job's own script",
      tb([`${SITE}/transformers/trainer.py`, "/w/callbacks.py"], "ValueError: mine"),
      null,
    ],
    ["no traceback", "Killed\n", null],
    [
      "ImportError names the package that dropped the name",
      tb(
        [`${SITE}/peft/import_utils.py`],
        "ImportError: cannot import name 'is_torch_tpu_available' from 'transformers.utils' (/x.py)",
      ),
      "transformers",
    ],
  ])("%s", (_name, output, blame) => {
    expect(blameOf(output)).toBe(blame);
  });

  it("uses import names the caller read from the environment", () => {
    expect(blameOf(tb([`${SITE}/tinytune/train.py`], "E: x"), { tinytune: ["tiny-tune-wrapper"] })).toBe(
      "tiny-tune-wrapper",
    );
  });
});

describe("distributionOf", () => {
  it.each([
    ["PIL", "pillow"],
    ["Foo_Bar", "foo-bar"],
    ["mod.py", "mod"],
  ])("%s -> %s", (name, dist) => {
    expect(distributionOf(name)).toBe(dist);
  });
});
