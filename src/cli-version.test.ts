import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildProgram } from "./cli.js";

describe("matrix --version", () => {
  it("is the version in package.json, not a literal", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(buildProgram().version()).toBe(manifest.version);
  });
});
