#!/usr/bin/env node
// Installs the pinned uv from PyPI into .tools/uv (run by `npm ci` through `prepare`).
// uv is the fast installer for environments; when this fails (no python, no network) matrix
// falls back to `python -m venv` + pip, so the failure is a warning, never a broken install.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const UV_VERSION = "0.13.9";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, ".tools", "uv");
const bin = join(target, "bin", "uv");

if (process.env.MATRIX_SKIP_UV === "1") process.exit(0);
try {
  if (existsSync(bin)) {
    const have = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
    if (have.includes(UV_VERSION)) process.exit(0);
  }
  const python = process.env.MATRIX_PYTHON ?? "python3";
  execFileSync(
    python,
    [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--upgrade",
      "--target",
      target,
      `uv==${UV_VERSION}`,
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  console.error(`matrix: uv ${UV_VERSION} installed at ${bin}`);
} catch (error) {
  console.error(
    `matrix: warning: could not install uv ${UV_VERSION} (${error.message.split("\n")[0]}); pip will be used`,
  );
}
