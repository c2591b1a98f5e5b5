import { describe, expect, it } from "vitest";
import { type CompanionInput, planCompanion } from "./plan-companion.js";
import type { VariantEdit } from "./plan-variants.js";

const TRL: VariantEdit = { package: "trl", target: { kind: "version", version: "0.23.0" } };
const base: CompanionInput = {
  variantName: "latest-trl",
  edits: [TRL],
  implicated: ["transformers"],
  pins: { transformers: "4.47.1", trl: "0.12.0", accelerate: "1.0.0" },
  versions: { transformers: "4.56.2" },
};
const to = (v: string) => ({ kind: "version" as const, version: v });

describe("planCompanion", () => {
  it.each<[string, Partial<CompanionInput>, ReturnType<typeof planCompanion>]>([
    [
      "moves the implicated pin to the chosen release",
      {},
      {
        name: "latest-trl+transformers",
        edits: [TRL, { package: "transformers", target: to("4.56.2") }],
        moved: { transformers: { from: "4.47.1", to: "4.56.2" } },
      },
    ],
    [
      "keeps the implicated order and leaves a pin that did not move",
      {
        implicated: ["accelerate", "Transformers", "peft"],
        versions: { transformers: "4.56.2", accelerate: "1.0", peft: "0.17.0" },
      },
      {
        name: "latest-trl+Transformers+peft",
        edits: [
          TRL,
          { package: "Transformers", target: to("4.56.2") },
          { package: "peft", target: to("0.17.0") },
        ],
        moved: { Transformers: { from: "4.47.1", to: "4.56.2" }, peft: { from: null, to: "0.17.0" } },
      },
    ],
    [
      "never moves the variant's own package, nor one twice",
      {
        implicated: ["TRL", "transformers", "transformers"],
        versions: { trl: "0.9", transformers: "4.56.2" },
      },
      {
        name: "latest-trl+transformers",
        edits: [TRL, { package: "transformers", target: to("4.56.2") }],
        moved: { transformers: { from: "4.47.1", to: "4.56.2" } },
      },
    ],
    ["null when nothing moved", { versions: { transformers: "4.47.1" } }, null],
    ["null when nothing was chosen", { versions: {} }, null],
  ])("%s", (_name, change, expected) => {
    expect(planCompanion({ ...base, ...change })).toEqual(expected);
  });
});
