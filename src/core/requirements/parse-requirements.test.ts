import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ReqLine } from "./model.js";
import { parseRequirements, renderRequirements } from "./parse-requirements.js";

/** An Axolotl-style requirements file: index options, sections, markers, git pins, hashes. */
const AXOLOTL = readFileSync(new URL("./fixtures/axolotl-requirements.txt", import.meta.url), "utf8");

describe("round trip: renderRequirements(parseRequirements(t)) === t", () => {
  it.each<[string, string]>([
    ["axolotl corpus", AXOLOTL],
    ["CRLF file", AXOLOTL.replace(/\n/g, "\r\n")],
    ["no trailing newline", "transformers==4.47.1\npeft"],
    ["empty file", ""],
    ["only newlines", "\n\n\r\n"],
    ["old Mac line ends", "a==1\rb==2\r"],
    ["mixed line ends", "a==1\r\nb==2\nc==3\r"],
    ["tabs and odd spacing", "\ttransformers   >=  4.0 ,<5\t;\tpython_version>'3.8'   #\tc\n"],
    ["unicode comment", "peft==0.14.0  # numéro ✓ 日本\n"],
    ["BOM at start", "\ufefftransformers==4.47.1\n"],
    ["continuation at end of file", "torch==2.5.1 \\"],
    ["continuation into a comment line", "torch==2.5.1 \\\n  # why\npeft\n"],
    ["form feed and vertical tab breaks", "a==1\fb==2\vc==3\n"],
    ["whitespace only lines", "   \n\t\n"],
    ["double backslash", "torch==2.5.1 \\\\\n  --hash=sha256:ab\n"],
    ["options with quotes", "--find-links 'wheels dir/'\n--trusted-host=\"pypi.org\"\n"],
  ])("%s", (_label, text) => {
    expect(renderRequirements(parseRequirements(text, "requirements.txt"))).toBe(text);
  });
});

function fields(line: ReqLine | undefined): Record<string, unknown> {
  if (!line) return {};
  const {
    raw: _raw,
    eol: _eol,
    span: _s,
    argsEnd: _a,
    options,
    ...rest
  } = line as ReqLine & Record<string, unknown>;
  const opts = (options as Array<{ name: string; value?: string }> | undefined) ?? [];
  return {
    ...rest,
    ...(opts.length > 0 ? { options: opts.map((o) => (o.value ? `${o.name}=${o.value}` : o.name)) } : {}),
  };
}

describe("what each line says", () => {
  it.each<[string, Record<string, unknown>]>([
    ["# a comment", { kind: "blank", line: 1, comment: "# a comment" }],
    ["   ", { kind: "blank", line: 1 }],
    [
      "--extra-index-url https://x/simple",
      { kind: "option", line: 1, options: ["--extra-index-url=https://x/simple"] },
    ],
    ["-i https://x/simple", { kind: "option", line: 1, options: ["--index-url=https://x/simple"] }],
    [
      "--extra-index https://x/simple",
      { kind: "option", line: 1, options: ["--extra-index-url=https://x/simple"] },
    ],
    [
      "-f ./wheels --pre --prefer-binary",
      { kind: "option", line: 1, options: ["--find-links=./wheels", "--pre", "--prefer-binary"] },
    ],
    ["--trusted-host=pypi.org", { kind: "option", line: 1, options: ["--trusted-host=pypi.org"] }],
    [
      "-r base.txt",
      {
        kind: "include",
        line: 1,
        mode: "requirement",
        path: "base.txt",
        pathSpan: { start: 3, end: 11 },
        options: ["--requirement=base.txt"],
      },
    ],
    [
      "--constraint=../c.txt  # pins",
      {
        kind: "include",
        line: 1,
        mode: "constraint",
        path: "../c.txt",
        comment: "# pins",
        pathSpan: { start: 13, end: 21 },
        options: ["--constraint=../c.txt"],
      },
    ],
    ["-e .", { kind: "editable", line: 1, target: ".", extras: [], options: ["--editable=."] }],
    [
      "-e ./pkg[dev,test]",
      {
        kind: "editable",
        line: 1,
        target: "./pkg",
        extras: ["dev", "test"],
        options: ["--editable=./pkg[dev,test]"],
      },
    ],
    [
      "Bitsandbytes==0.45.0",
      {
        kind: "requirement",
        line: 1,
        name: "Bitsandbytes",
        normalizedName: "bitsandbytes",
        extras: [],
        specifier: "==0.45.0",
      },
    ],
    [
      "hf_transfer",
      {
        kind: "requirement",
        line: 1,
        name: "hf_transfer",
        normalizedName: "hf-transfer",
        extras: [],
        specifier: "",
      },
    ],
    [
      "Foo.Bar>=1",
      {
        kind: "requirement",
        line: 1,
        name: "Foo.Bar",
        normalizedName: "foo-bar",
        extras: [],
        specifier: ">=1",
      },
    ],
    [
      "accelerate[torch, deepspeed] ~=1.2",
      {
        kind: "requirement",
        line: 1,
        name: "accelerate",
        normalizedName: "accelerate",
        extras: ["torch", "deepspeed"],
        specifier: "~=1.2",
      },
    ],
    [
      "a===weird-1 ; os_name=='nt'",
      {
        kind: "requirement",
        line: 1,
        name: "a",
        normalizedName: "a",
        extras: [],
        specifier: "===weird-1",
        marker: "os_name=='nt'",
      },
    ],
    [
      "numpy==1.*,!=1.5.*,<=2,>0.1,<3",
      {
        kind: "requirement",
        line: 1,
        name: "numpy",
        normalizedName: "numpy",
        extras: [],
        specifier: "==1.*,!=1.5.*,<=2,>0.1,<3",
      },
    ],
    [
      "numpy (>=1.0)",
      {
        kind: "requirement",
        line: 1,
        name: "numpy",
        normalizedName: "numpy",
        extras: [],
        specifier: "(>=1.0)",
      },
    ],
    [
      "transformers @ git+https://github.com/huggingface/transformers.git@0123abc ; python_version >= '3.9'",
      {
        kind: "requirement",
        line: 1,
        name: "transformers",
        normalizedName: "transformers",
        extras: [],
        specifier: "",
        url: "git+https://github.com/huggingface/transformers.git@0123abc",
        marker: "python_version >= '3.9'",
      },
    ],
    [
      "./wheels/x-1.0-py3-none-any.whl",
      {
        kind: "url",
        line: 1,
        name: "x",
        normalizedName: "x",
        target: "./wheels/x-1.0-py3-none-any.whl",
        extras: [],
      },
    ],
    [
      "git+https://h/x.git#egg=hf_transfer ; sys_platform == 'linux'",
      {
        kind: "url",
        line: 1,
        name: "hf_transfer",
        normalizedName: "hf-transfer",
        target: "git+https://h/x.git#egg=hf_transfer",
        extras: [],
        marker: "sys_platform == 'linux'",
      },
    ],
    ["./local/pkg[extra]", { kind: "url", line: 1, target: "./local/pkg", extras: ["extra"] }],
    [
      "foo==1.0 --hash=sha256:ab --config-settings k=v",
      {
        kind: "requirement",
        line: 1,
        name: "foo",
        normalizedName: "foo",
        extras: [],
        specifier: "==1.0",
        options: ["--hash=sha256:ab", "--config-settings=k=v"],
      },
    ],
    [
      "foo==1.0 \\\n  --hash sha256:ab  # c",
      {
        kind: "requirement",
        line: 1,
        name: "foo",
        normalizedName: "foo",
        extras: [],
        specifier: "==1.0",
        comment: "# c",
        options: ["--hash=sha256:ab"],
      },
    ],
  ])("%j", (text, expected) => {
    expect(fields(parseRequirements(text, "r.txt").lines[0])).toEqual(expected);
  });

  it("numbers logical lines by their first physical line, across continuations", () => {
    const doc = parseRequirements("a==1\nb==2 \\\n  --hash=sha256:x\n\nc==3\r\nd\n", "r.txt");
    expect(doc.lines.map((l) => [l.kind, l.line])).toEqual([
      ["requirement", 1],
      ["requirement", 2],
      ["blank", 4],
      ["requirement", 5],
      ["requirement", 6],
    ]);
    expect(doc.lines[2]?.eol).toBe("\n");
    expect(doc.lines[3]?.eol).toBe("\r\n");
  });

  it("never takes a longer name for a tracked one", () => {
    const doc = parseRequirements(AXOLOTL, "r.txt");
    const names = doc.lines.flatMap((l) =>
      "normalizedName" in l && l.normalizedName ? [l.normalizedName] : [],
    );
    expect(names.filter((n) => n === "transformers")).toHaveLength(1);
    expect(names).toContain("transformers-stream-generator");
    expect(names).toContain("axolotl-contribs-lgpl");
    expect(names).toContain("liger-kernel");
  });
});
