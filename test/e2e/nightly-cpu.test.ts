/**
 * End to end: the embedded tinytune wrapper fine-tunes a tiny Llama with LoRA on CPU, with real
 * torch, transformers, PEFT and accelerate from PyPI, under `pinned` and `latest-all`, through
 * the real CLI, with the default's knob grid (pruned, healed and probed by the wrapper itself). The first run on a machine downloads torch once (gigabytes); later runs reuse
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

// The default's pairwise knob grid: 4 combinations, the two with the 8-bit optimizer refused on CPU.
const OK = "nogc-fl0-adamw_torch";
const HEALED = "gc-fl1-adamw_torch";
const REFUSED = ["nogc-fl1-adamw_bnb_8bit", "gc-fl0-adamw_bnb_8bit"];

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, "utf8")) as T;

/** A cell's record; a stand-in's names what it leaves out of the variant it stands in for. */
type Cell = ResultRecord & { left_out?: { of: string; packages: string[]; reason: string } };
const results = (): Cell[] => (JSON.parse(run.stdout) as { results: Cell[] }).results;

/**
 * The newest releases together, as the index has them tonight: latest-all itself or, when one of
 * them cannot be installed with the others (the index lacks a release it needs), the stand-in that
 * leaves that one out. Real PyPI moves; what must hold is that the newest installable set learns.
 */
function newest(): string {
  const all = results().find((r) => r.variant === "latest-all" && r.job === "lora-smoke");
  if (all?.status !== "unsatisfiable" && all?.status !== "install-error") return "latest-all";
  const standIn = results().find((r) => r.left_out?.of === "latest-all" && r.job === "lora-smoke");
  expect(standIn, `latest-all: ${all.failure?.signature}; and no stand-in ran`).toBeDefined();
  return (standIn as Cell).variant;
}

describe("matrix run on the embedded default (real PyPI packages, CPU)", () => {
  it("exits 0 and reports every cell: the smoke and the knob cells the wrapper lets run", () => {
    expect(run.exitCode, run.stderr).toBe(0);
    const variants = ["pinned", "latest-all", ...(newest() === "latest-all" ? [] : [newest()])];
    expect(results().map((r) => `${r.variant} ${r.job}`)).toEqual(
      variants.flatMap((v) => [`${v} lora-smoke`, `${v} knob-smoke--${OK}`, `${v} knob-smoke--${HEALED}`]),
    );
  });

  it("latest-all either installs, or names the release the index cannot satisfy and tests the others", () => {
    const all = results().find((r) => r.variant === "latest-all" && r.job === "lora-smoke");
    if (newest() === "latest-all") return expect(all?.status).not.toBe("unsatisfiable");
    expect(all?.status).toMatch(/^(unsatisfiable|install-error)$/);
    const standIn = results().find((r) => r.variant === newest()) as Cell;
    expect(standIn.left_out?.packages.length).toBe(1);
    expect(all?.failure?.excerpt ?? all?.failure?.signature).toContain(standIn.left_out?.packages[0]);
  });

  it.each(["pinned", "newest"])("%s fine-tunes: it passes and the loss falls", async (which) => {
    const variant = which === "newest" ? newest() : which;
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
    for (const variant of ["pinned", newest()]) {
      const result = await readJson<Cell>(join(reports, "night/results", `${variant}--lora-smoke.json`));
      // A stand-in installs what latest-all planned, less the release it leaves out (at its pin).
      const planned = manifest.variants.find((v) => v.name === (result.left_out?.of ?? variant));
      const pinned = manifest.variants.find((v) => v.name === "pinned");
      for (const [name, planState] of Object.entries(planned?.packages ?? {})) {
        const left = result.left_out?.packages.includes(name);
        const state = left ? (pinned?.packages[name] ?? planState) : planState;
        const pkg = name;
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

describe("the embedded default's knob grid", () => {
  it.each(["pinned", "newest"])(
    "%s runs the healed cell with the healed config, and it learns",
    async (which) => {
      const variant = which === "newest" ? newest() : which;
      const result = await readJson<ResultRecord & { knob: { verdict: string; config: string } }>(
        join(reports, "night/results", `${variant}--knob-smoke--${HEALED}.json`),
      );
      expect(result.status, result.failure?.excerpt).toBe("pass");
      expect(result.knob.verdict).toBe("heal");
      expect(result.metrics.summary.gradient_checkpointing_kwargs).toEqual({ use_reentrant: false });
      expect(result.metrics.summary.freeze_layers).toBe(1);
      expect(result.metrics.summary.trainable_tensors_unchanged).toBe(0);
      expect(await readFile(result.knob.config, "utf8")).toContain("use_reentrant: false");
    },
  );

  it("prunes the refused combinations: judged, never run", async () => {
    const verdicts = await readJson<Record<string, { verdict: { verdict: string; reasons: string[] } }>>(
      join(reports, "night/knobs/verdicts.json"),
    );
    for (const id of REFUSED) {
      expect(verdicts[`knob-smoke/${id}`]?.verdict.verdict).toBe("refuse");
      expect(verdicts[`knob-smoke/${id}`]?.verdict.reasons[0]).toContain("needs CUDA");
      await expect(
        readFile(join(reports, "night/results", `pinned--knob-smoke--${id}.json`)),
      ).rejects.toThrow();
    }
  });

  it("knobs probe: with validation bypassed, which of tinytune's rules still hold with the pins", async () => {
    const probe = await runCli(
      [
        "knobs",
        "probe",
        "--variant",
        "pinned",
        "--reports",
        reports,
        "--run",
        join(reports, "night"),
        "--json",
      ],
      repo,
      { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" },
    );
    expect(probe.exitCode, probe.stderr).toBe(0);
    const { findings } = JSON.parse(probe.stdout) as {
      findings: Array<{ id: string; verdict: string; rule: string; results: Record<string, string> }>;
    };
    expect(findings.map((f) => [f.id, f.verdict]).sort()).toEqual(
      [...REFUSED.map((id) => [id, "refuse"]), [HEALED, "heal"]].sort(),
    );
    // Measured with the shipped pins (bitsandbytes 0.50 runs its 8-bit optimizer on CPU, transformers
    // 5.x checkpoints non-reentrantly and turns input gradients on itself): every rule is obsolete,
    // which is what the probe is for. A pin that brings a rule back fails here, as it should.
    for (const f of findings) expect([f.id, f.results.pinned, f.rule]).toEqual([f.id, "pass", "obsolete"]);
    const unhealed = await readJson<ResultRecord>(
      join(reports, "night/knobs/probe/results", `pinned--knob-smoke--${HEALED}.json`),
    );
    // The probe ran the combination as written: reentrant checkpointing, the heal not applied.
    expect(unhealed.metrics.summary.gradient_checkpointing_kwargs ?? null).toBeNull();
  });
});
