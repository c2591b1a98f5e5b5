import { describe, expect, it } from "vitest";
import { isFinalRelease, normalizeVersion, sortVersions } from "./order-versions.js";

describe("normalizeVersion", () => {
  it.each([
    ["1.0", "1.0"],
    ["1.0-1", "1.0.post1"],
    ["1.0.POST1", "1.0.post1"],
    ["V1.0", "1.0"],
    ["1.0c1", "1.0rc1"],
    ["1.0-dev", "1.0.dev0"],
    ["1!1.0", "1!1.0"],
    ["1.0+Local_1", "1.0+local.1"],
    ["2004d", null],
    ["not-a-version", null],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeVersion(input)).toBe(expected);
  });
});

describe("sortVersions", () => {
  it.each([
    [
      ["1.0", "1.0rc1", "1.0.dev3", "1.0.post1", "1.0a1", "1.0b2"],
      ["1.0.dev3", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1"],
    ],
    [
      ["1!1.0", "2.0", "1!0.5", "10.0"],
      ["2.0", "10.0", "1!0.5", "1!1.0"],
    ],
    [
      ["1.0+local", "1.0", "1.0.post1", "1.0+local.2", "1.0+local.10"],
      ["1.0", "1.0+local", "1.0+local.2", "1.0+local.10", "1.0.post1"],
    ],
    [
      ["1.0.post1.dev1", "1.0.post1", "1.0a1.dev1", "1.0a1"],
      ["1.0a1.dev1", "1.0a1", "1.0.post1.dev1", "1.0.post1"],
    ],
    [
      ["1.10", "1.9", "1.2.3", "1.2"],
      ["1.2", "1.2.3", "1.9", "1.10"],
    ],
  ])("orders %j", (input, expected) => {
    expect(sortVersions(input)).toEqual(expected);
  });

  it("does not change its argument", () => {
    const input = ["2.0", "1.0"];
    sortVersions(input);
    expect(input).toEqual(["2.0", "1.0"]);
  });
});

describe("isFinalRelease", () => {
  it.each([
    ["1.0", true],
    ["1!1.0", true],
    ["1.0.post1", true],
    ["1.0+local", true],
    ["1.0rc1", false],
    ["1.0a1", false],
    ["1.0b1.post1", false],
    ["1.0.dev3", false],
    ["1.0.post1.dev1", false],
    ["2004d", false],
  ])("%s -> %s", (version, expected) => {
    expect(isFinalRelease(version)).toBe(expected);
  });
});
