import { describe, expect, it } from "vitest";
import { describePin } from "./describe-pin.js";
import type { PinLine } from "./model.js";
import { parseRequirements } from "./parse-requirements.js";

const pinOf = (text: string): PinLine => {
  const line = parseRequirements(text, "r.txt").lines[0];
  if (!line || line.kind === "include" || line.kind === "option" || line.kind === "blank")
    throw new Error("no pin");
  return line;
};

describe("describePin", () => {
  it.each([
    ["transformers==4.47.1", "transformers==4.47.1", "4.47.1", null, null],
    ["transformers === 4.47.1  # pinned", "transformers === 4.47.1", "4.47.1", null, null],
    ["peft==0.*", "peft==0.*", null, null, null],
    ["peft>=0.13,<0.14", "peft>=0.13,<0.14", null, null, null],
    [
      "accelerate==1.2.1 ; python_version >= '3.9' --hash=sha256:ab",
      "accelerate==1.2.1 ; python_version >= '3.9'",
      "1.2.1",
      null,
      null,
    ],
    [
      "peft @ git+https://github.com/huggingface/peft.git@0123456789abcdef",
      "peft @ git+https://github.com/huggingface/peft.git@0123456789abcdef",
      null,
      "0123456789abcdef",
      null,
    ],
    [
      "git+https://github.com/x/y.git@abcdef1#egg=y",
      "git+https://github.com/x/y.git@abcdef1#egg=y",
      null,
      "abcdef1",
      null,
    ],
    [
      "peft @ git+https://github.com/huggingface/peft.git@main",
      "peft @ git+https://github.com/huggingface/peft.git@main",
      null,
      null,
      null,
    ],
    ["-e ./vendor/peft", "-e ./vendor/peft", null, null, "./vendor/peft"],
    [
      "tinytune @ file:///work/tiny%20tune",
      "tinytune @ file:///work/tiny%20tune",
      null,
      null,
      "/work/tiny tune",
    ],
    [
      "../wheels/x-1.0-py3-none-any.whl",
      "../wheels/x-1.0-py3-none-any.whl",
      null,
      null,
      "../wheels/x-1.0-py3-none-any.whl",
    ],
    [
      "transformers==4.47.1 \\\n  ; python_version > '3.8'",
      "transformers==4.47.1 ; python_version > '3.8'",
      "4.47.1",
      null,
      null,
    ],
  ])("%j", (line, text, version, sha, localPath) => {
    expect(describePin(pinOf(line))).toEqual({ text, version, sha, localPath });
  });
});
