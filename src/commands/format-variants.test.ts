import { describe, expect, it } from "vitest";
import type { Manifest } from "../core/variants/manifest.js";
import { manifestOf, manifestVariant } from "../core/variants/manifest-fixtures.js";
import { formatVariants } from "./variants.js";

const unreachable = (repo: string) =>
  `cannot reach upstream https://github.com/org/${repo}.git (git ls-remote: fatal: unable to access 'https://github.com/org/${repo}.git/': Could not resolve host: github.com)`;

function manifestWith(unresolved: Array<{ package: string; reason: string }>): Manifest {
  const all = manifestVariant("upstream-all", "upstream");
  return manifestOf("r", [
    { ...all, moves: unresolved.map((u) => u.package), requirements: null, unresolved },
  ]);
}

describe("formatVariants: a variant that was not written", () => {
  it.each([
    [
      "one unreachable upstream: its whole reason, URL included",
      [{ package: "peft", reason: unreachable("peft") }],
      /^ {2}upstream-all: not written: cannot reach upstream https:\/\/github\.com\/org\/peft\.git .*Could not resolve host: github\.com\)$/,
    ],
    [
      "ten unreachable upstreams: the first reason once, then the others by name",
      ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].map((p) => ({ package: p, reason: unreachable(p) })),
      /^ {2}upstream-all: not written: cannot reach upstream https:\/\/github\.com\/org\/a\.git .*github\.com\) \(and 9 more: b, c, d, e, f, g, h, i, j\)$/,
    ],
  ])("%s", (_, unresolved, line) => {
    const [, first] = formatVariants(manifestWith(unresolved)).split("\n");
    expect(first).toMatch(line);
    expect(first?.length ?? 0).toBeLessThan(300);
  });
});
