import { describe, expect, it } from "vitest";
import { envCapBytes } from "./env-prune.js";

const GB = 1024 ** 3;

describe("envCapBytes", () => {
  it.each([
    [{}, 40],
    [{ MATRIX_ENV_CAP_GB: "12.5" }, 12.5],
    [{ MATRIX_ENV_CAP_GB: "nope" }, 40],
    [{ MATRIX_ENV_CAP_GB: "0" }, 40],
  ])("%j -> %d GB", (env, gb) => {
    expect(envCapBytes(env)).toBe(gb * GB);
  });
});
