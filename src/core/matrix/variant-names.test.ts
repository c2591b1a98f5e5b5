import { describe, expect, it } from "vitest";
import type { TrackedPackage } from "./model.js";
import { expandVariants, explainEmptySelectors, normalizeVariantName } from "./variant-names.js";

const pos = { file: "m.yml", line: 1, col: 1 };
const pkg = (name: string, repo: string | null): TrackedPackage => ({
  name,
  repo,
  branch: "main",
  fileUpstream: true,
  pos,
});
const packages = [pkg("transformers", "file:///t"), pkg("peft", "file:///p"), pkg("bitsandbytes", null)];
const sel = (...texts: string[]) => texts.map((text) => ({ text, pos }));

describe("expandVariants", () => {
  it.each<[string[], string[], string[]]>([
    [["pinned"], ["transformers"], ["pinned"]],
    [
      ["pinned", "latest-all"],
      ["transformers", "peft", "bitsandbytes"],
      ["pinned", "latest-all"],
    ],
    [["latest-each"], ["transformers", "bitsandbytes"], ["latest-transformers", "latest-bitsandbytes"]],
    [
      ["upstream-each", "upstream-all"],
      ["transformers", "peft", "bitsandbytes"],
      ["upstream-transformers", "upstream-peft", "upstream-all"],
    ],
    [["upstream-peft"], ["transformers"], []],
    [["latest-all"], [], []],
    [["latest-peft", "latest-each"], ["peft"], ["latest-peft"]],
  ])("%j over %j -> %j", (selectors, mentioned, names) => {
    expect(expandVariants(sel(...selectors), packages, new Set(mentioned)).map((v) => v.name)).toEqual(names);
  });

  it("lists the moved packages of each variant", () => {
    const [all] = expandVariants(
      sel("upstream-all"),
      packages,
      new Set(["transformers", "peft", "bitsandbytes"]),
    );
    expect(all).toEqual({ name: "upstream-all", kind: "upstream", packages: ["transformers", "peft"] });
  });
});

describe("normalizeVariantName", () => {
  it.each([
    ["upstream-huggingface_hub", "upstream-huggingface-hub"],
    ["latest-Huggingface.Hub", "latest-huggingface-hub"],
    ["upstream-each", "upstream-each"],
    ["latest-all", "latest-all"],
    ["pinned", "pinned"],
    ["latest-trl+transformers", "latest-trl+transformers"],
  ])("%s -> %s", (name, normal) => {
    expect(normalizeVariantName(name)).toBe(normal);
  });
});

describe("explainEmptySelectors", () => {
  it.each([
    [
      "upstream-each with no repo among the present packages",
      ["upstream-each"],
      ["bitsandbytes"],
      ["m.yml:1:1: upstream-each runs nothing: no tracked package has a repo (add packages.<name>.repo)"],
    ],
    [
      "latest-all with no tracked package in the requirements",
      ["latest-all", "pinned"],
      [],
      ["m.yml:1:1: latest-all runs nothing: no tracked package is in the requirements"],
    ],
    ["selectors that expand", ["upstream-each", "latest-all"], ["peft"], []],
  ])("%s", (_what, selectors, mentioned, warnings) => {
    expect(explainEmptySelectors(sel(...selectors), packages, new Set(mentioned))).toEqual(warnings);
  });
});
