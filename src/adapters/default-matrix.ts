/**
 * Which matrix file a command reads when no `-m` is given: `./matrix.yml` when the current
 * folder has one (what `matrix init` writes), else the embedded default shipped with the package.
 * The default is found from this file's place in the package, never from the current folder, so
 * `npx matrix` works from any folder of any repository.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { packagePath } from "./package-root.js";

/** The embedded default (`matrices/default.yml` at the package root). */
export function embeddedMatrixPath(): string {
  return packagePath("matrices/default.yml");
}

/** `matrix.yml` in `cwd` when it exists, else the embedded default. */
export function resolveDefaultMatrix(cwd: string): string {
  const local = join(cwd, "matrix.yml");
  return existsSync(local) ? "matrix.yml" : embeddedMatrixPath();
}
