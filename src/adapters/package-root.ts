/**
 * Where this package's own files lie (package.json, matrices/default.yml, the pinned uv of a
 * checkout, dist/page.js, dist/release.json). Code runs from three layouts: src/ (vitest, tsx,
 * the bench), dist/ as tsc writes it (dist/adapters/x.js), and the bundled CLI (dist/bin.js and
 * dist/chunks/*.js, scripts/build-cli.mjs). A path counted in `../` from a module's own file is
 * right in one of them only, so the root is found by walking up to the nearest package.json.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package a module belongs to. */
export interface PackagePlace {
  /** The folder with the package's package.json. */
  root: string;
  /** True when the code runs from a build (`.js`), false from source (`.ts`). */
  built: boolean;
}

/** Finds the package of the module at `from` (a file URL; this module's own by default). */
export function locatePackage(from: string = import.meta.url): PackagePlace {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return { root: dir, built: !from.endsWith(".ts") };
    // The filesystem root: a module outside any package. Its own folder is the best answer.
    if (dirname(dir) === dir) return { root: start, built: !from.endsWith(".ts") };
  }
}

/** `relative` (slash-separated) under the package root. */
export function packagePath(relative: string, place: PackagePlace = locatePackage()): string {
  return join(place.root, ...relative.split("/"));
}
