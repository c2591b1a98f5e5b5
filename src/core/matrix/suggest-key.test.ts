import { describe, expect, it } from "vitest";
import { suggestKey } from "./suggest-key.js";

describe("suggestKey", () => {
  it.each([
    ["variant", ["name", "variants", "jobs"], "variants"],
    ["indx", ["index", "installer"], "index"],
    ["Jobs", ["jobs"], "jobs"],
    ["colour", ["name", "jobs", "index"], null],
    ["ab", ["xy"], null],
  ])("%s among %j -> %s", (key, candidates, hint) => {
    expect(suggestKey(key, candidates)).toBe(hint);
  });
});
