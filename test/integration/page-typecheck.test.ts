/**
 * The page script is typechecked as browser code and the rest as Node code, through the same
 * TypeScript projects `npm run typecheck` runs: src/page/tsconfig.json (DOM lib, no Node types)
 * covers every page file, the main project leaves them to it and has no DOM lib, so a DOM name in
 * the core and a type error in the page both fail the check.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = process.cwd();
const PAGE = resolve(root, "src/page/tsconfig.json");
const MAIN = resolve(root, "tsconfig.json");
let dir: string;

function parse(config: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    config,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`${config}: not a tsconfig`);
  return parsed;
}

/** The diagnostics' codes for `files` compiled with `config`'s options (a planted file lies outside its rootDir). */
function codesOf(config: string, files: string[]): number[] {
  const options = { ...parse(config).options, rootDir: undefined };
  const program = ts.createProgram({ rootNames: files, options });
  return ts.getPreEmitDiagnostics(program).map((d) => d.code);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "matrix-page-typecheck-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the page's TypeScript project", () => {
  it("is what `npm run typecheck` checks besides the main project", () => {
    const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
    expect(scripts.typecheck).toBe("tsc -p tsconfig.json --noEmit && tsc -p src/page/tsconfig.json --noEmit");
  });

  it("holds every page file, which the main project leaves out", () => {
    const pageFiles = readdirSync(join(root, "src/page"))
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => join(root, "src/page", f));
    expect(pageFiles.length).toBeGreaterThanOrEqual(5);
    expect(
      parse(PAGE)
        .fileNames.map((f) => resolve(f))
        .sort(),
    ).toEqual(pageFiles.sort());
    expect(parse(MAIN).fileNames.filter((f) => f.includes("/src/page/"))).toEqual([]);
  });

  it("typechecks clean, and fails on a type error in browser code", async () => {
    expect(codesOf(PAGE, parse(PAGE).fileNames)).toEqual([]);
    const planted = join(dir, "planted-page.ts");
    await writeFile(planted, "const el: HTMLElement = document.body;\nexport const n: number = el.id;\n");
    // 2322: string is not assignable to number; the DOM's names themselves resolve.
    expect(codesOf(PAGE, [planted])).toEqual([2322]);
  });
});

describe("the main project", () => {
  it("has no DOM types: `document` in the core is an error", async () => {
    const planted = join(dir, "planted-core.ts");
    await writeFile(planted, "export const title: string = document.title;\n");
    // 2584: cannot find name 'document' (change the lib to include 'dom').
    expect(codesOf(MAIN, [planted])).toEqual([2584]);
  });
});
