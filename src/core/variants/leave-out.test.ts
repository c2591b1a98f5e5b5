import { describe, expect, it } from "vitest";
import { leaveOut, withStandIns } from "./leave-out.js";
import type { ManifestVariant } from "./manifest.js";

const all: Pick<ManifestVariant, "name" | "kind" | "moves" | "packages"> = {
  name: "latest-all",
  kind: "latest",
  moves: ["transformers", "peft", "accelerate"],
  packages: {
    transformers: { source: "latest", version: "5.25.0" },
    peft: { source: "latest", version: "0.21.1" },
    accelerate: { source: "latest", version: "1.9.0" },
  },
};
const pins = { transformers: "transformers==4.57.1", peft: "peft==0.17.0", accelerate: "accelerate==1.8.0" };
const why = "transformers 5.25.0 needs kernels>=0.19.1, not on the index";

describe("leaveOut", () => {
  it("moves the others together, the blocker back at its pin, and says so", () => {
    expect(leaveOut(all, ["transformers"], pins, why, new Set())).toEqual({
      name: "latest-all-without-transformers",
      kind: "latest",
      moves: ["peft", "accelerate"],
      packages: {
        transformers: { source: "pinned", requirement: "transformers==4.57.1" },
        peft: { source: "latest", version: "0.21.1" },
        accelerate: { source: "latest", version: "1.9.0" },
      },
      left_out: { of: "latest-all", packages: ["transformers"], reason: why },
    });
  });

  it.each([
    ["nothing left to move", ["transformers", "peft", "accelerate"], new Set<string>()],
    ["nothing left out", ["trl"], new Set<string>()],
    [
      "a variant of that name already tests it",
      ["transformers"],
      new Set(["latest-all-without-transformers"]),
    ],
  ])("is null with %s", (_what, left, taken) => {
    expect(leaveOut(all, left, pins, why, taken)).toBeNull();
  });
});

describe("withStandIns", () => {
  it("adds a stand-in made during the run as its variant, under its name, moving the rest", () => {
    const planned: ManifestVariant = {
      ...all,
      requirements: "latest-all/requirements.txt",
      overrides: null,
      unresolved: [],
    };
    const left_out = { of: "latest-all", packages: ["transformers"], reason: why };
    const out = withStandIns(
      [planned],
      [
        { variant: "latest-all-without-transformers", left_out },
        { variant: "latest-all-without-transformers", left_out },
        { variant: "pinned" },
      ],
    );
    expect(out.map((v) => [v.name, v.moves])).toEqual([
      ["latest-all", ["transformers", "peft", "accelerate"]],
      ["latest-all-without-transformers", ["peft", "accelerate"]],
    ]);
    expect(out[1]?.packages.peft).toEqual({ source: "latest", version: "0.21.1" });
  });
});
