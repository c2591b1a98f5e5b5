import { describe, expect, it } from "vitest";
import { type EnvEntry, pickPrunable } from "./pick-prunable.js";

const GB = 1024 ** 3;
const entry = (key: string, lastUsedMs: number, gb: number): EnvEntry => ({
  key,
  lastUsedMs,
  bytes: gb * GB,
});

describe("pickPrunable", () => {
  const entries = [entry("a", 100, 10), entry("b", 200, 10), entry("c", 300, 10), entry("tonight", 1000, 10)];
  it.each([
    ["under the cap: nothing goes", 50, 500, []],
    ["over the cap: the least recently used go first, until the rest fit", 25, 500, ["a", "b"]],
    ["tonight's environments stay even when the cap is smaller than them", 5, 500, ["a", "b", "c"]],
    ["everything used since the night began stays", 5, 150, ["a"]],
  ])("%s", (_what, capGb, sinceMs, keys) => {
    expect(pickPrunable(entries, sinceMs, capGb * GB).map((e) => e.key)).toEqual(keys);
  });
});
