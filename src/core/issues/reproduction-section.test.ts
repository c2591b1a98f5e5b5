import { describe, expect, it } from "vitest";
import { requirementLinesOf, shellQuote, torchBuildOf } from "./reproduction-section.js";

describe("torchBuildOf", () => {
  it.each([
    ["2.5.1+cu124", "CUDA 12.4"],
    ["2.1.0+cu118", "CUDA 11.8"],
    ["2.5.1+cpu", "CPU build"],
    ["2.5.1+rocm6.2", "ROCm 6.2"],
    ["2.5.1", null],
    ["2.6.0.dev20241201+cu126", "CUDA 12.6"],
  ])("%s -> %s", (version, build) => {
    expect(torchBuildOf(version)).toBe(build);
  });
});

describe("shellQuote", () => {
  it.each([
    ["../work", "../work"],
    ["http://127.0.0.1:1/simple", "http://127.0.0.1:1/simple"],
    ["a b", "'a b'"],
    ["it's", "'it'\\''s'"],
    ["$HOME", "'$HOME'"],
  ])("%s -> %s", (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });
});

describe("requirementLinesOf", () => {
  it("keeps what pip reads, exactly", () => {
    expect(
      requirementLinesOf("# c\r\na==1 ; python_version>'3'  # why\n\n  \nb @ git+https://h/b@0123\n"),
    ).toEqual(["a==1 ; python_version>'3'  # why", "b @ git+https://h/b@0123"]);
  });
});
