/**
 * The embedded wrapper's own config tests (stdlib unittest, no torch needed): the knob
 * combinations it refuses and the one it heals must keep behaving as its README says.
 */
import { resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

describe("fixtures/wrapper config validation (python unittest)", () => {
  it("passes its unittest suite", async () => {
    const cwd = resolve(import.meta.dirname, "../..");
    const result = await execa(
      "python3",
      ["-m", "unittest", "discover", "-s", "fixtures/wrapper/tests", "-v"],
      {
        cwd,
        reject: false,
      },
    );
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stderr)).toMatch(/Ran \d+ tests/);
    expect(String(result.stderr)).toMatch(/\nOK\s*$/);
  });
});
