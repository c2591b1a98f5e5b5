#!/usr/bin/env node
// Packs matrix without install scripts: `prepare` (build + uv into .tools) is for a clone of this
// repository, and npm 11 asks users to approve any install script of a dependency, even one it
// never runs. `prepack` builds dist/ and calls this with `strip` (package.json without
// `prepare`, the original kept aside); `postpack` calls it with `restore`.
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = join(root, "package.json");
const kept = join(root, ".package.json.orig");

if (process.argv[2] === "strip") {
  if (!existsSync(kept)) copyFileSync(manifest, kept);
  const pkg = JSON.parse(readFileSync(kept, "utf8"));
  delete pkg.scripts.prepare;
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (process.argv[2] === "restore") {
  if (existsSync(kept)) renameSync(kept, manifest);
} else {
  console.error("usage: pack-manifest.mjs strip|restore");
  process.exit(2);
}
