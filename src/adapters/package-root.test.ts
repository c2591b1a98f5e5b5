import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locatePackage, packagePath } from "./package-root.js";

describe("locatePackage", () => {
  let dir: string;
  let pkg: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "package-root-"));
    pkg = join(dir, "node_modules", "@matrix-ci", "matrix");
    for (const sub of ["src/adapters", "dist/adapters", "dist/chunks"])
      await mkdir(join(pkg, sub), { recursive: true });
    await writeFile(join(pkg, "package.json"), "{}\n");
    await mkdir(join(dir, "loose"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // The three layouts code runs from: two, one and three folders below the root, .ts or .js.
  it.each([
    ["src/adapters/package-root.ts", false],
    ["dist/adapters/package-root.js", true],
    ["dist/chunks/chunk-ABC123.js", true],
    ["dist/bin.js", true],
  ])("finds the package of %s (built: %s)", (file, built) => {
    const place = locatePackage(pathToFileURL(join(pkg, file)).href);
    expect(place).toEqual({ root: pkg, built });
    expect(packagePath("matrices/default.yml", place)).toBe(join(pkg, "matrices", "default.yml"));
  });

  it("stops at the nearest package.json, not an enclosing project's", async () => {
    await writeFile(join(dir, "package.json"), "{}\n");
    expect(locatePackage(pathToFileURL(join(pkg, "dist", "bin.js")).href).root).toBe(pkg);
    expect(locatePackage(pathToFileURL(join(dir, "loose", "x.js")).href).root).toBe(dir);
  });

  it("finds this repository from its own module", () => {
    const place = locatePackage();
    expect(place.built).toBe(false);
    expect(packagePath("src/adapters/package-root.ts", place)).toBe(
      join(place.root, "src", "adapters", "package-root.ts"),
    );
  });
});
