import { describe, expect, it } from "vitest";
import { isAtLeastPinned, uvVersionOf } from "./uv-version.js";

describe("uvVersionOf", () => {
  it.each([
    ["uv 0.13.9 (x86_64-unknown-linux-gnu)", "0.13.9"],
    ["uv 0.4.30", "0.4.30"],
    ["uv 0.14.0 (abc123 2026-01-01)\n", "0.14.0"],
    ["ruff 0.13.9", null],
    ["", null],
  ])("%j -> %s", (text, version) => {
    expect(uvVersionOf(text)).toBe(version);
  });
});

describe("isAtLeastPinned", () => {
  it.each([
    ["0.4.30", "0.13.9", false],
    ["0.13.8", "0.13.9", false],
    ["0.13.9", "0.13.9", true],
    ["0.13.10", "0.13.9", true],
    ["1.0.0", "0.13.9", true],
  ])("%s against %s -> %s", (version, pinned, ok) => {
    expect(isAtLeastPinned(version, pinned)).toBe(ok);
  });
});
