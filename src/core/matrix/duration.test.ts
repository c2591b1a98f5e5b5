import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it.each<[string | number, number | null]>([
    [90, 90],
    ["90", 90],
    ["90s", 90],
    ["10m", 600],
    ["1h30m", 5400],
    ["1h 30m", 5400],
    ["0s", null],
    ["ten minutes", null],
    ["10x", null],
    ["5m garbage", null],
    [-1, null],
  ])("%j -> %j", (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds);
  });
});
