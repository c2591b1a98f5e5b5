import { describe, expect, it } from "vitest";
import { looksLikeVersion, nearestVersions } from "./nearest-versions.js";

const AVAILABLE = ["4.45.0", "4.45.2", "4.46.0", "4.46.3", "4.47.0", "4.47.1"];

describe("nearestVersions", () => {
  it.each([
    ["4.46.1", ["4.45.2", "4.46.0", "4.46.3", "4.47.0"]],
    ["4.40.0", ["4.45.0", "4.45.2"]],
    ["5.0.0", ["4.47.0", "4.47.1"]],
    ["4.45.0", ["4.45.0", "4.45.2", "4.46.0"]],
  ])("%s -> %j", (wanted, nearest) => {
    expect(nearestVersions(wanted, AVAILABLE)).toEqual(nearest);
  });
});

describe("looksLikeVersion", () => {
  it.each([
    ["4.47.1", true],
    ["v4.47.1", true],
    ["1.0rc1", true],
    ["main", false],
    ["abc1234", false],
    ["0123456789abcdef0123456789abcdef01234567", false],
    ["1234567", true],
  ])("%s -> %s", (ref, expected) => {
    expect(looksLikeVersion(ref)).toBe(expected);
  });
});
