#!/usr/bin/env node
// Puts the pinned uv into .tools/uv/bin/uv (run by `npm ci` through `prepare`, after tsc): the
// same wheel, sha256 and unzip as an installed package's first use (src/adapters/uv-binary.ts),
// so tests with caches of their own all find one uv. When it fails (no network), matrix still
// finds uv on PATH or in the cache later, else falls back to pip and says why: a warning here.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPinnedUv } from "../dist/adapters/uv-binary.js";
import { UV_VERSION } from "../dist/core/tools/uv-wheels.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, ".tools", "uv", "bin", "uv");

const versionOf = (path) => {
  try {
    return execFileSync(path, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return "";
  }
};
const warn = (why) =>
  console.error(`matrix: warning: could not install uv ${UV_VERSION} (${why}); it is fetched on first use`);

if (process.env.MATRIX_SKIP_UV !== "1") {
  try {
    // A binary that does not run (another architecture, cut short) is replaced, never fatal.
    const have = existsSync(bin) ? versionOf(bin) : "";
    if (!have.includes(UV_VERSION)) {
      const found = await installPinnedUv(bin);
      if (found.path) console.error(`matrix: uv ${UV_VERSION} installed at ${bin}`);
      else warn(found.why);
    }
  } catch (error) {
    warn(error.message.split("\n")[0]);
  }
}
