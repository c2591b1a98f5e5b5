import { describe, expect, it } from "vitest";
import type { TrackedPackage } from "./model.js";
import { expandVariants } from "./variant-names.js";

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
