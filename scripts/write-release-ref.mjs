#!/usr/bin/env node
// Records the commit the package is built from in dist/release.json (run by `prepare`, so `npm
// pack` and `npm publish` carry it): `matrix init --workflow` pins the reusable workflow and the
// harness to this full SHA, as zizmor and GitHub's hardening guide ask. Outside a git checkout
// nothing is written, and init falls back to the release tag.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
try {
  const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  if (/^[0-9a-f]{40}$/.test(commit))
    writeFileSync(join(root, "dist", "release.json"), `${JSON.stringify({ commit })}\n`);
} catch {
  // Not a git checkout (a tarball build): no commit to record.
}
