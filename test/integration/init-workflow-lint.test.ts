/**
 * The workflows `matrix init --workflow` writes (the nightly caller and matrix-pr.yml), through
 * the project's two linters for real: actionlint and zizmor offline in its pedantic persona, with
 * the harness pinned to a commit as an installed package pins it (dist/release.json). No finding
 * of any severity. MATRIX_TEST_TOOLS names another folder of the tools than `.tools/`.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { renderPrWorkflow } from "../../src/core/init/render-pr-workflow.js";
import { renderWorkflow } from "../../src/core/init/render-workflow.js";

const repo = resolve(import.meta.dirname, "../..");
const tools = process.env.MATRIX_TEST_TOOLS ?? join(repo, ".tools");
const actionlint = join(tools, "bin", "actionlint");
const zizmor = join(tools, "zizmor", "bin", "zizmor");

describe("the generated workflows", () => {
  it.each([
    ["matrix-nightly.yml", renderWorkflow],
    ["matrix-pr.yml", renderPrWorkflow],
  ])(
    "%s passes actionlint and zizmor (pedantic, offline)",
    async (name, render) => {
      expect(existsSync(zizmor) && existsSync(actionlint), "node scripts/install-test-tools.mjs").toBe(true);
      const dir = await mkdtemp(join(tmpdir(), "init-workflow-"));
      try {
        await mkdir(join(dir, ".github", "workflows"), { recursive: true });
        const file = join(".github", "workflows", name);
        const sha = (await execa("git", ["rev-parse", "HEAD"], { cwd: repo })).stdout.trim();
        await writeFile(join(dir, file), render("matrix-ci/matrix", "0.1.0", sha));
        const lint = await execa(actionlint, ["-no-color", file], { cwd: dir, reject: false });
        expect(lint.stdout + lint.stderr).toBe("");
        const audit = await execa(zizmor, ["--offline", "--persona", "pedantic", "--format", "json", file], {
          cwd: dir,
          reject: false,
        });
        const findings = JSON.parse(audit.stdout || "[]") as Array<{ ident: string; desc: string }>;
        expect(findings.map((f) => `${f.ident}: ${f.desc}`)).toEqual([]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
