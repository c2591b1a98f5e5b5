import { describe, expect, it } from "vitest";
import { parseMatrix } from "./parse-matrix.js";

const base = `name: t
project:
  path: ../fixtures/wrapper
  requirements: ../fixtures/wrapper/requirements.txt
packages:
  transformers: { repo: https://github.com/huggingface/transformers.git, file_upstream: true }
  peft: { repo: ../upstreams/peft, branch: dev }
  bitsandbytes: { file_upstream: false }
variants: [pinned, latest-all, upstream-each]
jobs:
  lora-smoke:
    run: python -m tinytune train configs/lora-smoke.yml
    timeout: 10m
    retries: 1
    runs-on: [self-hosted, gpu]
    expect: { loss_decreases: 0.05 }
`;

const parse = (text: string) => parseMatrix(text, "matrices/x.yml", "/repo/matrices");

describe("parseMatrix", () => {
  it("accepts a variant's package as written and keeps it normalised", () => {
    const m = parse(
      base
        .replace(
          "packages:\n",
          "packages:\n  huggingface_hub: { repo: https://github.com/huggingface/huggingface_hub.git }\n",
        )
        .replace("upstream-each]", "upstream-huggingface_hub, latest-Huggingface-Hub]"),
    );
    expect(m.variants.map((v) => v.text)).toEqual([
      "pinned",
      "latest-all",
      "upstream-huggingface-hub",
      "latest-huggingface-hub",
    ]);
  });

  it("resolves paths against the matrix folder and fills defaults", () => {
    const m = parse(base);
    expect(m.project.path).toBe("/repo/fixtures/wrapper");
    expect(m.project.requirements).toBe("/repo/fixtures/wrapper/requirements.txt");
    expect(m.python).toBe("python3");
    expect(m.packages.map((p) => [p.name, p.repo, p.branch, p.fileUpstream])).toEqual([
      ["transformers", "https://github.com/huggingface/transformers.git", "main", true],
      ["peft", "file:///repo/upstreams/peft", "dev", false],
      ["bitsandbytes", null, "main", false],
    ]);
    expect(m.jobs[0]).toMatchObject({
      name: "lora-smoke",
      cwd: "/repo/fixtures/wrapper",
      timeoutSeconds: 600,
      retries: 1,
      runsOn: ["self-hosted", "gpu"],
      expect: { loss_decreases: 0.05 },
    });
    expect(m.packages[1]?.pos).toEqual({ file: "matrices/x.yml", line: 7, col: 3 });
  });

  it("takes a project that is only a requirements file: jobs run in its folder", () => {
    const m = parse(
      base.replace("  path: ../fixtures/wrapper\n", "").replace("fixtures/wrapper/req", "train/req"),
    );
    expect(m.project.path).toBeNull();
    expect(m.project.workdir).toBe("/repo/train");
    expect(m.jobs[0]?.cwd).toBe("/repo/train");
  });

  it.each([
    [
      "an unknown variant",
      base.replace("upstream-each]", "nightly-everything]"),
      /^matrices\/x\.yml:9:32: unknown variant "nightly-everything" \(expected pinned, latest-<pkg>/,
    ],
    [
      "a variant of an untracked package",
      base.replace("latest-all", "latest-torch"),
      /^matrices\/x\.yml:9:20: variant "latest-torch" names "torch", which is not under packages:/,
    ],
    [
      "an upstream variant without repo",
      base.replace("latest-all", "upstream-bitsandbytes"),
      /^matrices\/x\.yml:9:20: variant "upstream-bitsandbytes" needs packages\.bitsandbytes\.repo/,
    ],
    [
      "an unknown top-level key",
      `${base}colour: blue\n`,
      /^matrices\/x\.yml:17:1: unknown key "colour" in the file/,
    ],
    [
      "an unknown nested key",
      base.replace("retries: 1", "retry: 1"),
      /^matrices\/x\.yml:14:5: unknown key "retry" in jobs\.lora-smoke/,
    ],
    [
      "a misspelt top-level key, named as such rather than as a missing one",
      base.replace("variants:", "variant:"),
      /^matrices\/x\.yml:9:1: unknown key "variant" in the file; did you mean "variants"\?$/,
    ],
    [
      "a misspelt optional key, matched against the keys the schema knows there",
      base.replace("retries: 1", "retires: 1"),
      /^matrices\/x\.yml:14:5: unknown key "retires" in jobs\.lora-smoke; did you mean "retries"\?$/,
    ],
    [
      "a wrong type",
      base.replace("retries: 1", "retries: often"),
      /^matrices\/x\.yml:14:14: jobs\.lora-smoke\.retries: invalid input: expected number/,
    ],
    ["a missing key", base.replace("name: t\n", ""), /^matrices\/x\.yml:1:1: missing "name" in the file/],
    [
      "a bad timeout",
      base.replace("10m", "soon"),
      /^matrices\/x\.yml:13:14: timeout "soon" is not a duration/,
    ],
    [
      "broken YAML",
      base.replace("upstream-each]", "upstream-each"),
      /^matrices\/x\.yml:\d+:\d+: .*\(fix the YAML syntax\)$/,
    ],
  ])("rejects %s with one located line", (_label, text, message) => {
    expect(() => parse(text)).toThrowError(message);
    try {
      parse(text);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });
});
