/**
 * End to end: the embedded tinytune wrapper fine-tunes a tiny Llama with LoRA on CPU, with real
 * torch, transformers, PEFT and accelerate from PyPI, under `pinned` and `latest-all`, through
 * the real CLI. The first run on a machine downloads torch once (gigabytes); later runs reuse
 * the environment cache in $MATRIX_CACHE.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultRecord } from "../../src/core/results/result-record.js";
import type { Manifest } from "../../src/core/variants/manifest.js";
import { runCli } from "../support/run-cli.js";

const repo = resolve(import.meta.dirname, "../..");
let reports: string;
let run: { exitCode: number; stdout: string; stderr: string };

beforeAll(async () => {
  reports = await mkdtemp(join(tmpdir(), "matrix-e2e-"));
  run = await runCli(
    [
      "run",
      "--variant",
      "pinned",
      "--variant",
      "latest-all",
      "--reports",
      reports,
      "--run",
      join(reports, "night"),
      "--json",
    ],
    repo,
    {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      GITHUB_TOKEN: "ghp_e2e_must_not_leak",
    },
  );
});

afterAll(async () => {
  await rm(reports, { recursive: true, force: true });
});

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, "utf8")) as T;

describe("matrix run on the embedded default (real PyPI packages, CPU)", () => {
  it("exits 0 and reports both cells", () => {
    expect(run.exitCode, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { results: ResultRecord[] };
    expect(out.results.map((r) => r.variant)).toEqual(["pinned", "latest-all"]);
  });

  it.each(["pinned", "latest-all"])("%s fine-tunes: it passes and the loss falls", async (variant) => {
    const result = await readJson<ResultRecord>(
      join(reports, "night/results", `${variant}--lora-smoke.json`),
    );
    expect(result.status, result.failure?.excerpt).toBe("pass");
    const losses = result.metrics.steps.map((s) => s.loss as number);
    expect(losses.length).toBeGreaterThan(10);
    expect(losses[losses.length - 1]).toBeLessThan((losses[0] as number) * 0.95);
    expect(result.metrics.summary.device).toBe("cpu");
    expect(result.metrics.summary.peak_memory_mb).toBeGreaterThan(0);
    const log = await readFile(join(reports, "night/logs", `${variant}--lora-smoke.log`), "utf8");
    expect(log).not.toContain("ghp_e2e_must_not_leak");
  });

  it("installs exactly what the manifest planned", async () => {
    const manifest = await readJson<Manifest>(join(reports, "night/manifest.json"));
    for (const variant of ["pinned", "latest-all"]) {
      const planned = manifest.variants.find((v) => v.name === variant);
      const result = await readJson<ResultRecord>(
        join(reports, "night/results", `${variant}--lora-smoke.json`),
      );
      for (const [pkg, state] of Object.entries(planned?.packages ?? {})) {
        const want =
          state.source === "latest"
            ? state.version
            : state.source === "pinned"
              ? state.requirement.split("==")[1]?.split(/[;\s]/)[0]
              : undefined;
        expect(result.installed[pkg], `${variant} ${pkg}`).toBe(want);
      }
      expect(result.installed.torch).toMatch(/^2\./);
      expect(result.installed.tinytune).toBeDefined();
    }
  });
});
