import { describe, expect, it } from "vitest";
import type { CellOutcome, VariantMoves } from "./filing-model.js";
import { judgeGone, splitCell } from "./judge-gone.js";

const variants: VariantMoves[] = [
  { name: "pinned", moves: [] },
  { name: "latest-peft", moves: ["peft"] },
  { name: "latest-all", moves: ["peft", "trl"] },
  { name: "latest-trl", moves: ["trl"] },
];
const r = (variant: string, status: string, job = "lora"): CellOutcome => ({ variant, job, status });

describe("judgeGone", () => {
  it.each<[string, string | null, string[] | null, CellOutcome[], VariantMoves[] | null, boolean]>([
    ["its cell passed", "latest-peft/lora", ["peft"], [r("latest-peft", "pass")], variants, true],
    [
      "its cell failed another way",
      "latest-peft/lora",
      ["peft"],
      [r("latest-peft", "fail")],
      variants,
      false,
    ],
    [
      "its cell hit an infra error",
      "latest-peft/lora",
      ["peft"],
      [r("latest-peft", "infra-error")],
      variants,
      false,
    ],
    ["its cell was flaky", "latest-peft/lora", ["peft"], [r("latest-peft", "flaky")], variants, false],
    [
      "its cell passed another job only",
      "latest-peft/lora",
      ["peft"],
      [r("latest-peft", "pass", "qlora")],
      null,
      false,
    ],
    ["nothing ran", "latest-peft/lora", ["peft"], [], variants, false],
    [
      "absent cell, every mover passed",
      "upstream-peft/lora",
      ["peft"],
      [r("latest-peft", "pass"), r("latest-all", "pass")],
      variants,
      true,
    ],
    [
      "absent cell, one mover did not run",
      "upstream-peft/lora",
      ["peft"],
      [r("latest-peft", "pass")],
      variants,
      false,
    ],
    [
      "absent cell, one mover infra",
      "upstream-peft/lora",
      ["peft"],
      [r("latest-peft", "pass"), r("latest-all", "infra-error")],
      variants,
      false,
    ],
    [
      "absent cell, an interaction's only mover passed",
      "latest-x/lora",
      ["peft", "trl"],
      [r("latest-all", "pass")],
      variants,
      true,
    ],
    [
      "absent cell, no variant moves the culprit",
      "latest-acc/lora",
      ["accelerate"],
      [r("latest-all", "pass")],
      variants,
      false,
    ],
    ["absent cell, culprit unknown", "latest-acc/lora", [], [r("latest-all", "pass")], variants, false],
    ["absent cell, no manifest", "upstream-peft/lora", ["peft"], [r("latest-peft", "pass")], null, false],
    ["no cell marker", null, ["peft"], [r("latest-peft", "pass")], variants, false],
  ])("%s", (_name, cell, packages, results, moves, gone) => {
    const answer = judgeGone({ cell, packages }, results, moves);
    expect(answer.gone).toBe(gone);
    expect(answer.why).not.toBe("");
  });
});

describe("splitCell", () => {
  it.each<[string, ReturnType<typeof splitCell>]>([
    ["latest-peft/lora", { variant: "latest-peft", job: "lora" }],
    ["v/job/with/slashes", { variant: "v", job: "job/with/slashes" }],
    ["/lora", null],
    ["latest-peft/", null],
    ["nothing", null],
  ])("%s", (cell, expected) => {
    expect(splitCell(cell)).toEqual(expected);
  });
});
