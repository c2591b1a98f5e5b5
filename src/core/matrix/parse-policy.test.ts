import { describe, expect, it } from "vitest";
import { parseMatrix } from "./parse-matrix.js";

const base = `name: t
project:
  requirements: requirements.txt
packages:
  transformers: { repo: https://github.com/huggingface/transformers.git }
  Flash_Attn: {}
variants: [pinned, latest-each, upstream-all]
jobs:
  lora-smoke: { run: python train.py }
expected:
  - package: flash-attn
    job: lora-smoke
    reason: flash-attn 2.8 wheels need CUDA 12.4
    link: https://github.com/o/r/issues/7
    until: 2026-12-31
  - fingerprint: 0123456789abcdef
    job: lora-smoke
    reason: known
    until: "2027-01-15"
gate:
  block_on: [latest-transformers]
notify:
  webhook: $SLACK_WEBHOOK_URL
`;

const parse = (text: string) => parseMatrix(text, "m.yml", "/repo");

describe("parseMatrix: expected, gate, notify", () => {
  it("reads the entries with their lines, the block list and the variable's name", () => {
    const m = parse(base);
    expect(m.expected).toEqual([
      {
        index: 0,
        package: "flash-attn",
        fingerprint: null,
        job: "lora-smoke",
        reason: "flash-attn 2.8 wheels need CUDA 12.4",
        link: "https://github.com/o/r/issues/7",
        until: "2026-12-31",
        pos: { file: "m.yml", line: 11, col: 5 },
      },
      expect.objectContaining({ index: 1, package: null, fingerprint: "0123456789abcdef", link: null }),
    ]);
    expect(m.gate.blockOn.map((s) => s.text)).toEqual(["latest-transformers"]);
    expect(m.notify).toEqual({ webhookEnv: "SLACK_WEBHOOK_URL", pos: { file: "m.yml", line: 23, col: 12 } });
  });

  it("defaults to no entries, pinned alone blocking, and no digest", () => {
    const m = parse(base.slice(0, base.indexOf("expected:")));
    expect([m.expected, m.gate.blockOn, m.notify]).toEqual([[], [], null]);
  });

  it.each([
    [
      "an entry naming an untracked package",
      base.replace("package: flash-attn", "package: torch"),
      /^m\.yml:11:14: expected\[0\]\.package "torch" is not under packages: \(tracked: transformers, flash-attn; name one of them or track it\)$/,
    ],
    [
      "an entry with both package and fingerprint",
      base.replace(
        "  - fingerprint: 0123456789abcdef\n",
        "  - fingerprint: 0123456789abcdef\n    package: transformers\n",
      ),
      /^m\.yml:16:5: expected\[1\]: give either package or fingerprint \(one of them, not both\)$/,
    ],
    [
      "an entry with neither",
      base
        .replace("  - fingerprint: 0123456789abcdef\n", "  - job: lora-smoke\n")
        .replace("    job: lora-smoke\n    reason: known", "    reason: known"),
      /^m\.yml:16:5: expected\[1\]: give either package or fingerprint/,
    ],
    [
      "a fingerprint YAML reads as a number",
      base.replace("0123456789abcdef", "0123456789012345"),
      /^m\.yml:16:18: expected\[1\]\.fingerprint reads as a number: quote it/,
    ],
    [
      "a fingerprint of the wrong shape",
      base.replace("0123456789abcdef", "0123abc"),
      /^m\.yml:16:18: expected\[1\]\.fingerprint "0123abc" is not a fingerprint \(16 hex digits/,
    ],
    [
      "an unknown job",
      base.replace("    job: lora-smoke\n    reason: flash", "    job: qlora\n    reason: flash"),
      /^m\.yml:12:10: expected\[0\]\.job "qlora" is not a job \(jobs: lora-smoke; name one of them\)$/,
    ],
    [
      "a date that does not exist",
      base.replace("2026-12-31", "2026-02-30"),
      /^m\.yml:15:12: expected\[0\]\.until "2026-02-30" is not a date \(write YYYY-MM-DD/,
    ],
    [
      "an entry without until",
      base.replace('    until: "2027-01-15"\n', ""),
      /^m\.yml:16:5: missing "until" in expected\.1 \(add it\)$/,
    ],
    [
      "an unknown key in an entry",
      base.replace("    reason: known", "    reason: known\n    owner: me"),
      /^m\.yml:19:5: unknown key "owner" in expected\.1/,
    ],
    [
      "a link that is no URL",
      base.replace("https://github.com/o/r/issues/7", "issue seven"),
      /^m\.yml:14:11: expected\.0\.link: invalid url$/,
    ],
    [
      "a gate variant of an untracked package",
      base.replace("block_on: [latest-transformers]", "block_on: [latest-torch]"),
      /^m\.yml:21:14: variant "latest-torch" names "torch", which is not under packages:/,
    ],
    [
      "a gate variant the night does not run",
      base.replace("block_on: [latest-transformers]", "block_on: [pinned, latest-all]"),
      /^m\.yml:21:22: gate\.block_on names "latest-all", which variants: does not run \(add it there\)$/,
    ],
    [
      "a webhook URL written into the file",
      base.replace("$SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/x"),
      /^m\.yml:23:12: notify\.webhook is a URL: name the environment variable that holds it instead/,
    ],
    [
      "a webhook variable that jobs would see",
      base.replace("$SLACK_WEBHOOK_URL", "CHAT_URL"),
      /^m\.yml:23:12: notify\.webhook "CHAT_URL" would reach the jobs: name the variable with WEBHOOK/,
    ],
  ])("rejects %s with one located line", (_label, text, message) => {
    expect(() => parse(text)).toThrowError(message);
  });
});
