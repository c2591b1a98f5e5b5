import { describe, expect, it } from "vitest";
import { describeStale, findStaleUpstreams } from "./stale-upstream.js";

describe("findStaleUpstreams", () => {
  it.each<[string, string | null, string | undefined, boolean]>([
    ["a main older than the pinned release", "0.21.1", "0.20.1.dev0", true],
    ["a main on the way to the next release", "0.21.1", "0.22.0.dev0", false],
    ["a main still carrying the pin's own dev version", "0.21.1", "0.21.1.dev0", false],
    ["a main at a post-release of the pin", "0.21.1", "0.21.1.post1", false],
    ["an older final release", "4.47.1", "4.46.0", true],
    ["an epoch ahead", "4.47.1", "1!0.1.0", false],
    ["no exact pin", null, "0.1.0", false],
    ["not installed", "0.21.1", undefined, false],
    ["a version that is not PEP 440", "0.21.1", "main-snapshot", false],
  ])("%s", (_what, pin, version, stale) => {
    const out = findStaleUpstreams(["peft"], { peft: pin }, version === undefined ? {} : { peft: version });
    expect(out.length > 0).toBe(stale);
  });

  it("names each stale package with its version and pin", () => {
    const out = findStaleUpstreams(
      ["peft", "accelerate"],
      { peft: "0.21.1", accelerate: "1.0.0" },
      { peft: "0.20.1.dev0", accelerate: "1.1.0.dev0" },
    );
    expect(out).toEqual([{ package: "peft", version: "0.20.1.dev0", pin: "0.21.1" }]);
    expect(describeStale(out)).toMatch(/^peft upstream is 0\.20\.1\.dev0, below the pin 0\.21\.1: /);
  });
});
