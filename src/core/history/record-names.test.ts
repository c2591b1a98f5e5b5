import { describe, expect, it } from "vitest";
import { isLeftoverTemp, isRecordName } from "./record-names.js";

describe("history record names", () => {
  it.each([
    ["20261202-020000-abcd.json", true, false],
    ["index.json", true, false],
    ["20261202-020000-abcd.json.3412876452", false, true],
    ["index.json.17", false, true],
    [".20261202-020000-abcd.json", false, false],
    ["20261202-020000-abcd.json.bak", false, false],
    ["notes.txt", false, false],
  ])("%s: record %s, leftover temp %s", (name, record, leftover) => {
    expect(isRecordName(name)).toBe(record);
    expect(isLeftoverTemp(name)).toBe(leftover);
  });
});
