/**
 * The built `matrix` binary as esbuild bundles it: `dist/bin.js` and its chunks under
 * `dist/chunks/`, one per command (cli.ts imports each verb's module only when the verb runs,
 * and esbuild splits at those dynamic imports), with our dependencies inside.
 *
 * Why: Node's ESM loader resolves, opens and compiles every module on its own. tsc's output
 * with execa, zod and yaml is hundreds of files, and loading `matrix bisect` took about 0.5 s of
 * module work before its first git call; a bisect, every cell of a night and every workflow step
 * pays it. The tsc output stays in dist/ for the build scripts; only the entry is replaced.
 * Everything the bundle reads from the package (package.json, matrices/, dist/page.js) is found
 * through adapters/package-root.ts, since the chunks sit one folder lower than the entry.
 * esbuild is a dev dependency: only the build (scripts/build-cli.mjs) loads it.
 */
import { fileURLToPath } from "node:url";

/** The CLI's entry and where the bundle goes, relative to the package root. */
export const CLI_ENTRY = "src/bin.ts";
export const CLI_OUT_DIR = "dist";
export const CLI_CHUNKS = "dist/chunks";

/** One file of the bundle: its absolute path and its text. */
export interface BundleFile {
  path: string;
  text: string;
}

/**
 * What stays outside the bundle: esbuild (a native binary; only a run from source loads it, to
 * bundle the page script) and playwright-core (tests and the bench draw the dashboard with it).
 */
export const CLI_EXTERNAL = ["esbuild", "playwright-core"];

/**
 * Bundled CommonJS dependencies call `require("node:...")` and read `__filename` (write-file-atomic
 * names its temporary files from it); an ES module has neither, so each output file makes them
 * from its own URL. The odd import names keep clear of bundled code's names.
 */
const CJS_BANNER = [
  'import { createRequire as __matrixCreateRequire } from "node:module";',
  'import { dirname as __matrixDirname } from "node:path";',
  'import { fileURLToPath as __matrixFileURLToPath } from "node:url";',
  "const require = __matrixCreateRequire(import.meta.url);",
  "const __filename = __matrixFileURLToPath(import.meta.url);",
  "const __dirname = __matrixDirname(__filename);",
].join("\n");

/** Bundles the CLI from source under `root` (a folder URL) and returns the files to write. */
export async function bundleCli(root: URL): Promise<BundleFile[]> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: { bin: fileURLToPath(new URL(CLI_ENTRY, root)) },
    outdir: fileURLToPath(new URL(CLI_OUT_DIR, root)),
    chunkNames: "chunks/[name]-[hash]",
    tsconfig: fileURLToPath(new URL("tsconfig.build.json", root)),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: ["node20"],
    external: CLI_EXTERNAL,
    banner: { js: CJS_BANNER },
    // The bundled packages' licence comments, gathered at the end of each file.
    legalComments: "eof",
    write: false,
    logLevel: "silent",
  });
  const files = result.outputFiles.map((file) => ({ path: file.path, text: file.text }));
  if (!files.some((file) => file.path.endsWith(`${CLI_OUT_DIR}/bin.js`)))
    throw new Error(`esbuild wrote no ${CLI_OUT_DIR}/bin.js for ${CLI_ENTRY}`);
  return files;
}
