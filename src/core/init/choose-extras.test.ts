import { describe, expect, it } from "vitest";
import { chooseExtras } from "./choose-extras.js";

const GROUPS = [{ extra: "eval" }, { extra: "deepspeed" }];

describe("chooseExtras", () => {
  it.each([
    [undefined, true, "pyproject.toml", []],
    ["", false, "requirements.txt", []],
    ["eval", true, "pyproject.toml", ["eval"]],
    [" eval , deepspeed ", true, "pyproject.toml", ["eval", "deepspeed"]],
  ])("%j (lock %s, pins from %s) -> %j", (flag, lock, requirements, chosen) => {
    expect(chooseExtras(flag, lock, requirements, GROUPS)).toEqual(chosen);
  });

  it.each([
    [
      "eval",
      false,
      "pyproject.toml",
      "--extras eval: extras are compiled into requirements.lock.txt; pass --lock too",
    ],
    ["eval", true, "requirements.txt", "--extras: the pins come from requirements.txt, which has no extras"],
    [
      "evals",
      true,
      "pyproject.toml",
      "--extras evals: pyproject.toml has no such optional dependency group; it has eval, deepspeed",
    ],
  ])("refuses %j (lock %s, pins from %s)", (flag, lock, requirements, message) => {
    expect(() => chooseExtras(flag, lock, requirements, GROUPS)).toThrow(message);
    expect(() => chooseExtras(flag, lock, requirements, GROUPS)).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    );
  });
});
