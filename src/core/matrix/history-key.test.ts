import { describe, expect, it } from "vitest";
import { parseMatrix } from "./parse-matrix.js";

const base = `name: t
project:
  requirements: requirements.txt
packages:
  peft: { repo: https://github.com/huggingface/peft.git }
variants: [pinned, latest-all]
jobs:
  lora-smoke: { run: python train.py }
`;
const parse = (text: string) => parseMatrix(text, "matrix.yml", "/repo");

describe("history: { keep } in the matrix file", () => {
  it.each([
    ["left out: every night kept", "", null],
    ["a year", "history: { keep: 365 }\n", 365],
  ])("%s", (_, extra, keep) => {
    expect(parse(base + extra).history).toEqual({ keep });
  });

  it.each([
    ["zero", "history: { keep: 0 }\n", /^matrix\.yml:9:18: history\.keep: history\.keep is at least 1 night/],
    [
      "a fraction",
      "history: { keep: 1.5 }\n",
      /^matrix\.yml:9:18: history\.keep: history\.keep is a whole number/,
    ],
    [
      "words",
      "history: { keep: forever }\n",
      /^matrix\.yml:9:18: history\.keep: invalid input: expected number/,
    ],
    [
      "a misspelt key",
      "history: { kept: 30 }\n",
      /^matrix\.yml:9:12: unknown key "kept" in history; did you mean "keep"\?/,
    ],
  ])("refuses %s with one located line", (_, extra, message) => {
    expect(() => parse(base + extra)).toThrowError(message);
  });
});
