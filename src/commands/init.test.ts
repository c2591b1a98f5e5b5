import { describe, expect, it } from "vitest";
import { monthsAhead } from "./init.js";

describe("monthsAhead", () => {
  it.each([
    ["2026-12-02", 6, "2027-06-01"],
    ["2026-01-31", 1, "2026-02-01"],
    ["2026-07-15", 6, "2027-01-01"],
  ])("%s + %i months -> %s", (today, months, date) => {
    expect(monthsAhead(new Date(`${today}T12:00:00Z`), months)).toBe(date);
  });
});
