import { describe, expect, it } from "vitest";
import { makeGitUrl, planVariants, type Resolved } from "./plan-variants.js";

const sha = "0123456789abcdef0123456789abcdef01234567";
const resolved: Resolved = {
  pins: { transformers: "transformers==4.47.1", peft: "peft==0.14.0" },
  latest: { transformers: { ok: true, value: "4.48.0" }, peft: { ok: false, reason: "no final release" } },
  upstream: {
    transformers: { ok: true, value: { repo: "file:///up/transformers", branch: "main", sha } },
    peft: { ok: false, reason: "cannot reach upstream https://github.com/huggingface/peft.git" },
  },
};

describe("makeGitUrl", () => {
  it.each([
    ["https://github.com/huggingface/peft.git", `git+https://github.com/huggingface/peft.git@${sha}`],
    ["file:///tmp/up/peft", `git+file:///tmp/up/peft@${sha}`],
    ["git@github.com:huggingface/peft.git", `git+ssh://git@github.com/huggingface/peft.git@${sha}`],
  ])("%s", (repo, url) => {
    expect(makeGitUrl(repo, sha)).toBe(url);
  });
});

describe("planVariants", () => {
  it("keeps every pin in pinned and makes no edits", () => {
    const [pinned] = planVariants([{ name: "pinned", kind: "pinned", packages: [] }], resolved);
    expect(pinned?.edits).toEqual([]);
    expect(pinned?.packages.peft).toEqual({ source: "pinned", requirement: "peft==0.14.0" });
  });

  it("moves only the variant's packages, to the resolved version or SHA", () => {
    const [latest, upstream] = planVariants(
      [
        { name: "latest-transformers", kind: "latest", packages: ["transformers"] },
        { name: "upstream-transformers", kind: "upstream", packages: ["transformers"] },
      ],
      resolved,
    );
    expect(latest?.edits).toEqual([
      { package: "transformers", target: { kind: "version", version: "4.48.0" } },
    ]);
    expect(latest?.packages.peft?.source).toBe("pinned");
    expect(upstream?.packages.transformers).toMatchObject({
      source: "upstream",
      sha,
      url: `git+file:///up/transformers@${sha}`,
    });
    expect(upstream?.unresolved).toEqual([]);
  });

  it.each([
    ["latest-all", "latest" as const, "no final release"],
    ["upstream-all", "upstream" as const, "cannot reach upstream https://github.com/huggingface/peft.git"],
  ])("%s records what could not be resolved", (name, kind, reason) => {
    const [plan] = planVariants([{ name, kind, packages: ["transformers", "peft"] }], resolved);
    expect(plan?.unresolved).toEqual([{ package: "peft", reason }]);
    expect(plan?.edits.map((e) => e.package)).toEqual(["transformers"]);
  });
});
