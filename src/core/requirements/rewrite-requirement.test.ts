import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RewriteTarget } from "./model.js";
import { parseRequirements, renderRequirements } from "./parse-requirements.js";
import { findRequirements, rewriteRequirement } from "./rewrite-requirement.js";

const AXOLOTL = readFileSync(new URL("./fixtures/axolotl-requirements.txt", import.meta.url), "utf8");
const V = (version: string): RewriteTarget => ({ kind: "version", version });
const SHA = "0123456789abcdef0123456789abcdef01234567";
const GIT = `git+https://github.com/huggingface/transformers.git@${SHA}`;
const U = (url: string): RewriteTarget => ({ kind: "url", url });

function edit(text: string, name: string, target: RewriteTarget): string {
  return renderRequirements(rewriteRequirement(parseRequirements(text, "r.txt"), name, target));
}

describe("rewriteRequirement: only the pinning line changes", () => {
  it.each<[string, string, RewriteTarget, string]>([
    ["transformers==4.47.1\n", "transformers", V("4.48.0"), "transformers==4.48.0\n"],
    [
      "transformers>=4.40,<5  # pinned\r\n",
      "transformers",
      V("4.48.0"),
      "transformers==4.48.0  # pinned\r\n",
    ],
    ["transformers", "transformers", V("4.48.0"), "transformers==4.48.0"],
    ["accelerate[torch]==1.2.1\n", "accelerate", V("1.3.0"), "accelerate[torch]==1.3.0\n"],
    [
      'Bitsandbytes==0.45.0 ; sys_platform == "linux"\n',
      "bitsandbytes",
      V("0.46.0"),
      'Bitsandbytes==0.46.0 ; sys_platform == "linux"\n',
    ],
    ["hf_transfer==0.1\n", "HF-Transfer", V("0.2"), "hf_transfer==0.2\n"],
    [
      "peft==0.14.0\n",
      "peft",
      U("git+https://github.com/huggingface/peft.git@abc"),
      "peft @ git+https://github.com/huggingface/peft.git@abc\n",
    ],
    [
      'peft==0.14.0;python_version>"3.8"\n',
      "peft",
      U("git+https://h/peft.git@abc"),
      'peft @ git+https://h/peft.git@abc ;python_version>"3.8"\n',
    ],
    [
      'peft[x] @ git+https://h/peft.git@old ; os_name=="posix"\n',
      "peft",
      V("0.15.0"),
      'peft[x]==0.15.0 ; os_name=="posix"\n',
    ],
    [`transformers @ git+https://h/t.git@old\n`, "transformers", U(GIT), `transformers @ ${GIT}\n`],
    [
      "transformers-stream-generator==0.0.5\ntransformers==4.0\n",
      "transformers",
      V("4.48.0"),
      "transformers-stream-generator==0.0.5\ntransformers==4.48.0\n",
    ],
    [
      'bitsandbytes==0.45.0 ; sys_platform == "linux"\nbitsandbytes==0.42.0 ; sys_platform == "win32"\n',
      "bitsandbytes",
      V("0.46.0"),
      'bitsandbytes==0.46.0 ; sys_platform == "linux"\nbitsandbytes==0.46.0 ; sys_platform == "win32"\n',
    ],
    // Hashes of another release can never match: dropped with their continuations.
    [
      "torch==2.5.1 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\npeft\n",
      "torch",
      V("2.6.0"),
      "torch==2.6.0\npeft\n",
    ],
    ["torch==2.5.1 \\\n    --hash=sha256:aa  # cpu\r\n", "torch", V("2.6.0"), "torch==2.6.0  # cpu\r\n"],
    // Same release: the hashes still name its files, so they stay.
    [
      "torch==2.5.1 \\\n    --hash=sha256:aa\n",
      "torch",
      V("2.5.1.0"),
      "torch==2.5.1.0 \\\n    --hash=sha256:aa\n",
    ],
    // Other per-requirement options stay.
    ["foo==1 --hash=sha256:aa --config-settings k=v\n", "foo", V("2"), "foo==2 --config-settings k=v\n"],
    ["-e git+https://h/x.git#egg=hf_transfer\n", "hf-transfer", V("0.1.8"), "hf_transfer==0.1.8\n"],
    [
      "./wheels/liger_kernel-0.5.2-py3-none-any.whl ; python_version>'3'\n",
      "liger-kernel",
      V("0.5.3"),
      "liger_kernel==0.5.3 ; python_version>'3'\n",
    ],
    ["peft==0.14.0\n", "transformers", V("4.48.0"), "peft==0.14.0\n"],
  ])("%j: %s -> %j", (input, name, target, expected) => {
    expect(edit(input, name, target)).toBe(expected);
  });

  it("leaves every other line of the corpus byte for byte", () => {
    const before = AXOLOTL.replace(/\n/g, "\r\n");
    const after = edit(before, "transformers", U(GIT.replace(SHA, "f".repeat(40))));
    const a = before.split("\r\n");
    const b = after.split("\r\n");
    expect(b).toHaveLength(a.length);
    const changed = a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]]));
    expect(changed).toEqual([[a[11], `transformers @ ${GIT.replace(SHA, "f".repeat(40))}`]]);
  });

  it.each<[RewriteTarget, string]>([
    [V("not a version"), 'rewriteRequirement: "not a version" is not a PEP 440 version'],
    [U("git+https://h/x.git;bad"), "is not a URL pip can read"],
  ])("refuses a target pip could not read back: %j", (target, message) => {
    expect(() => edit("x==1\n", "x", target)).toThrow(message);
  });
});

describe("findRequirements", () => {
  it.each<[string, number[]]>([
    ["transformers", [12]],
    ["Transformers", [12]],
    ["transformers_stream.generator", [16]],
    ["bitsandbytes", [5]],
    ["axolotl_contribs_lgpl", [22]],
    ["torch", [19]],
    ["nothing-here", []],
  ])("%s is pinned on lines %j", (name, lines) => {
    expect(findRequirements(parseRequirements(AXOLOTL, "r.txt"), name).map((l) => l.line)).toEqual(lines);
  });
});
