import { describe, expect, it } from "vitest";
import { fingerprintOf } from "./fingerprint.js";

const base = {
  packages: ["transformers"],
  job: "lora-smoke",
  signature: "TypeError: x @ trainer.py:__init__",
};

describe("fingerprintOf", () => {
  it("is 16 hex digits, stable, and blind to the order of an interaction's packages", () => {
    expect(fingerprintOf(base)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf({ ...base })).toBe(fingerprintOf(base));
    expect(fingerprintOf({ ...base, packages: ["peft", "accelerate"] })).toBe(
      fingerprintOf({ ...base, packages: ["accelerate", "peft"] }),
    );
  });

  it.each([
    ["another package", { ...base, packages: ["peft"] }],
    ["another job", { ...base, job: "qlora-smoke" }],
    ["another signature", { ...base, signature: "ValueError: y" }],
    ["an interaction including it", { ...base, packages: ["transformers", "peft"] }],
    ["no known package", { ...base, packages: [] }],
  ])("differs for %s", (_what, other) => {
    expect(fingerprintOf(other)).not.toBe(fingerprintOf(base));
  });
});
