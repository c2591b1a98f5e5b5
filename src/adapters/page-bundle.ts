/**
 * The dashboard's page script (src/page/, typed TypeScript for the browser) as one string for
 * the renderer to inline. Bundled by esbuild into one IIFE. A built harness (dist/: a clone after
 * `npm ci`, the packed package, the Actions `harness` artifact) reads `dist/page.js`, which the
 * build wrote beside the compiled CLI (scripts/build-page.mjs, after tsc); running from source
 * (vitest, tsx, the bench) bundles src/page/ in memory on each call with the same options, so a
 * test never reads a stale copy. esbuild is a dev dependency: only the source road loads it.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { WorldError } from "../errors.js";
import { locatePackage } from "./package-root.js";

/** The package root as a folder URL (its trailing slash makes `new URL(relative, root)` land inside). */
function packageRootUrl(): URL {
  return pathToFileURL(`${locatePackage().root}/`);
}

/** The page script's entry, and the bundle the build writes, relative to the package root. */
export const PAGE_ENTRY = "src/page/main.ts";
export const PAGE_BUNDLE = "dist/page.js";

/** Bundles src/page/ with esbuild: one browser IIFE, no source map, no import left. */
export async function bundlePageScript(root: URL = packageRootUrl()): Promise<string> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL(PAGE_ENTRY, root))],
    tsconfig: fileURLToPath(new URL("src/page/tsconfig.json", root)),
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    // The browsers a dashboard is opened in; esbuild escapes `</script` in what it writes.
    target: ["es2020"],
    legalComments: "none",
    logLevel: "silent",
  });
  const [out] = result.outputFiles;
  if (!out) throw new Error(`esbuild wrote nothing for ${PAGE_ENTRY}`);
  return out.text;
}

/**
 * The page script: bundled now when this module runs from source (`.ts`), else read from the
 * build's `dist/page.js` under `root`.
 */
export async function readPageScript(
  root: URL = packageRootUrl(),
  fromSource: boolean = !locatePackage().built,
): Promise<string> {
  if (fromSource) return bundlePageScript(root);
  const built = fileURLToPath(new URL(PAGE_BUNDLE, root));
  try {
    return await readFile(built, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new WorldError(
      `${built}: the dashboard's page script is missing (${code}); rebuild the harness (\`npm run build\`) or reinstall it`,
      { cause: error },
    );
  }
}
