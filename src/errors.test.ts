import { describe, expect, it } from "vitest";
import { InputError, inputErrorAt, NotBuiltError, WorldError } from "./errors.js";

describe("errors", () => {
  it.each([
    [new InputError("x"), 2],
    [new NotBuiltError("gate"), 2],
    [new WorldError("y"), 3],
  ])("%s exits %i", (error, code) => {
    expect(error.exitCode).toBe(code);
  });

  it("locates an input error as file:line:col", () => {
    expect(inputErrorAt({ file: "m.yml", line: 3, col: 5 }, "bad").message).toBe("m.yml:3:5: bad");
  });
});
