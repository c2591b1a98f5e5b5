import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedMatrixPath, resolveDefaultMatrix } from "../../src/adapters/default-matrix.js";

describe("resolveDefaultMatrix", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "default-matrix-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the embedded default, found from the package, in a folder without matrix.yml", () => {
    const found = resolveDefaultMatrix(dir);
    expect(found).toBe(embeddedMatrixPath());
    expect(isAbsolute(found)).toBe(true);
    expect(existsSync(found)).toBe(true);
  });

  it("takes ./matrix.yml once the folder has one", async () => {
    await writeFile(join(dir, "matrix.yml"), "name: x\n");
    expect(resolveDefaultMatrix(dir)).toBe("matrix.yml");
  });
});
