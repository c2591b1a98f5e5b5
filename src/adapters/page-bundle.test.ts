import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorldError } from "../errors.js";
import { PAGE_BUNDLE, readPageScript } from "./page-bundle.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-page-bundle-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));
const rootUrl = () => pathToFileURL(`${root}/`);

describe("readPageScript from source", () => {
  it("bundles src/page/ into one browser IIFE with nothing left to import", async () => {
    const script = await readPageScript();
    expect(script.startsWith('"use strict";\n(() => {')).toBe(true);
    expect(script.trimEnd().endsWith("})();")).toBe(true);
    expect(script).not.toMatch(/^\s*(import|export)\b|\brequire\(/m);
    // The core's status letters travel in the bundle; type-only imports (zod's schemas) do not.
    expect(script).toContain('"stale-upstream": "s"');
    expect(script).not.toMatch(/zod|looseObject/);
    expect(script).not.toMatch(/<\/script/i);
  });
});

describe("readPageScript from a build", () => {
  it("reads the build's dist/page.js, not the source", async () => {
    await mkdir(join(root, "dist"), { recursive: true });
    await writeFile(join(root, PAGE_BUNDLE), "/* the built page */");
    expect(await readPageScript(rootUrl(), false)).toBe("/* the built page */");
  });

  it("says which file is missing and how to rebuild it (exit 3)", async () => {
    await rm(join(root, PAGE_BUNDLE));
    const error = await readPageScript(rootUrl(), false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorldError);
    expect((error as WorldError).exitCode).toBe(3);
    expect((error as Error).message).toBe(
      `${join(root, PAGE_BUNDLE)}: the dashboard's page script is missing (ENOENT); rebuild the harness (\`npm run build\`) or reinstall it`,
    );
  });
});
