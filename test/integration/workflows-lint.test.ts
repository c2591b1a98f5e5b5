/**
 * Every workflow and action.yml through the two linters the project trusts, for real: actionlint
 * (expressions, job graph, shell scripts) and zizmor offline (pinning, permissions, injection,
 * credentials), with no finding of any severity left. The tools live in `.tools/`, installed by
 * `node scripts/install-test-tools.mjs` (npm test's pretest).
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../..");
const actionlint = join(repo, ".tools", "bin", "actionlint");
const zizmor = join(repo, ".tools", "zizmor", "bin", "zizmor");
const INSTALL = "install it with `node scripts/install-test-tools.mjs`";

function withoutTokens(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !/TOKEN/.test(e[0]),
    ),
  );
}

async function targets(): Promise<string[]> {
  const dir = join(repo, ".github", "workflows");
  const workflows = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).map((n) => join(dir, n));
  return [...workflows.sort(), join(repo, "action.yml")];
}

describe("workflow linters", () => {
  it("lints every workflow and the action (there are five files)", async () => {
    expect((await targets()).map((p) => p.slice(repo.length + 1))).toEqual([
      ".github/workflows/ci.yml",
      ".github/workflows/matrix-night.yml",
      ".github/workflows/matrix-pr.yml",
      ".github/workflows/nightly.yml",
      "action.yml",
    ]);
  });

  it("actionlint finds nothing", async () => {
    expect(existsSync(actionlint), `actionlint missing at ${actionlint}: ${INSTALL}`).toBe(true);
    const workflows = (await targets()).filter((p) => p.includes(".github"));
    const run = await execa(actionlint, ["-no-color", ...workflows], { cwd: repo, reject: false });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
  });

  it.each(["regular", "pedantic"])("zizmor (%s persona, offline) finds nothing", async (persona) => {
    expect(existsSync(zizmor), `zizmor missing at ${zizmor}: ${INSTALL}`).toBe(true);
    const run = await execa(
      zizmor,
      [
        "--offline",
        "--persona",
        persona,
        "--format",
        "json",
        "--config",
        ".github/zizmor.yml",
        ...(await targets()),
      ],
      // No token reaches it: the audits run offline, as on a fork's pull request.
      { cwd: repo, reject: false, extendEnv: false, env: withoutTokens() },
    );
    const findings = JSON.parse(run.stdout || "[]") as Array<{ ident: string; desc: string }>;
    expect(findings.map((f) => `${f.ident}: ${f.desc}`)).toEqual([]);
    expect(run.exitCode, run.stderr).toBe(0);
  });
});
