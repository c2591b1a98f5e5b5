/**
 * The built `matrix` binary is esbuild's bundle (src/adapters/cli-bundle.ts): dist/bin.js and
 * dist/chunks/. These tests hold what that promises: it stands without node_modules (every import
 * is a chunk, a Node builtin or a named external), and code in a chunk, one folder below the
 * entry, still finds the package's own files (package.json, the embedded default, its pins).
 */

import { cp, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_EXTERNAL } from "../../src/adapters/cli-bundle.js";
import { ensureBuilt } from "../support/workflow-runners.js";

const repo = resolve(import.meta.dirname, "../..");
const EXTERNAL = new Set(CLI_EXTERNAL);

/** The module specifiers a bundle file imports: static, dynamic, and bundled CommonJS's require. */
function importsOf(text: string): string[] {
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*"([^"]+)"/g)].map((m) => m[1]);
  const bare = [...text.matchAll(/(?:^|\n)\s*import\s*"([^"]+)"/g)].map((m) => m[1]);
  const dynamic = [...text.matchAll(/\b(?:import|require)\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]);
  return [...found, ...bare, ...dynamic].filter((s): s is string => s !== undefined);
}

describe("the bundled CLI", () => {
  let dir: string;
  let installed: string;
  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), "cli-bundle-"));
    // The package's files a run reads, and no node_modules anywhere above.
    installed = join(dir, "pkg");
    await mkdir(join(installed, "dist"), { recursive: true });
    await cp(join(repo, "dist", "bin.js"), join(installed, "dist", "bin.js"));
    await cp(join(repo, "dist", "chunks"), join(installed, "dist", "chunks"), { recursive: true });
    await cp(join(repo, "package.json"), join(installed, "package.json"));
    await cp(join(repo, "matrices"), join(installed, "matrices"), { recursive: true });
    await cp(
      join(repo, "fixtures", "wrapper", "requirements.txt"),
      join(installed, "fixtures", "wrapper", "requirements.txt"),
    );
    await mkdir(join(dir, "work"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("imports only its chunks, Node builtins and the named externals", async () => {
    const chunks = (await readdir(join(repo, "dist", "chunks"))).map((f) => join(repo, "dist", "chunks", f));
    const files = [join(repo, "dist", "bin.js"), ...chunks];
    expect(chunks.length).toBeGreaterThan(5);
    const builtins = new Set(builtinModules);
    const stray: string[] = [];
    let seen = 0;
    for (const file of files)
      for (const spec of importsOf(await readFile(file, "utf8"))) {
        seen++;
        const name = spec.replace(/^node:/, "");
        if (spec.startsWith("./") || spec.startsWith("../") || builtins.has(name) || EXTERNAL.has(spec))
          continue;
        stray.push(`${file}: ${spec}`);
      }
    expect(stray).toEqual([]);
    // The scan saw the bundle's imports (hundreds), so an empty list means something.
    expect(seen).toBeGreaterThan(100);
  });

  it("says the package's version, read from its package.json", async () => {
    const pkg = JSON.parse(await readFile(join(repo, "package.json"), "utf8")) as { version: string };
    const run = await execa("node", [join(installed, "dist", "bin.js"), "--version"], {
      cwd: join(dir, "work"),
    });
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it("reads the embedded default and its pins from the package, in a folder without matrix.yml", async () => {
    const run = await execa(
      "node",
      [
        join(installed, "dist", "bin.js"),
        "bisect",
        "--package",
        "nope",
        "--job",
        "x",
        "--good",
        "a",
        "--bad",
        "b",
      ],
      { cwd: join(dir, "work"), reject: false },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${join(installed, "fixtures", "wrapper", "requirements.txt")}`);
    expect(run.stderr).toMatch(/tracked: transformers, peft, accelerate/);
  });
});
