/**
 * Knobs as a matrix axis, end to end on the mini world: a wrapper stand-in (a Python script in a
 * real venv) whose `check` refuses one knob, heals a combination of two and warns about a third.
 * The plan prunes and explains, `run --knobs` runs the healed cell with the healed config, the
 * night's summary carries the support matrix, a knob cell that breaks under the newest release is
 * a regression with the combination in its fingerprint and reproduction, and `knobs probe` finds
 * the refusal fixed upstream (fakeformers main has what the rule says is missing) while the
 * heal's rule still holds. A healed cell planned in one checkout runs from a copy of the run
 * folder in another checkout, the first one gone (the plan and the cell on different runners).
 */
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MiniWorld, makeMiniWorld, readResult } from "../support/mini-world.js";

const KNOBTUNE = `"""A wrapper stand-in: python knobtune.py check CONFIG --json | python knobtune.py train CONFIG."""
import json
import os
import sys

import fakeformers


def rules(cfg):
    if os.environ.get("KNOBTUNE_SKIP_VALIDATION") == "1":
        return "ok", None, []
    if cfg.get("fused"):
        return "refuse", None, ["fused: true needs fakeformers >= 1.2 (fused kernels)"]
    if cfg.get("checkpointing") and cfg.get("freeze") and cfg.get("reentrant") is not False:
        return "heal", dict(cfg, reentrant=False), ["checkpointing with freeze needs reentrant: false"]
    if cfg["lr"] > 0.3:
        return "warn", None, ["lr %s is high" % cfg["lr"]]
    return "ok", None, []


cmd, path = sys.argv[1], sys.argv[2]
with open(path) as f:
    cfg = json.load(f)
verdict, healed, reasons = rules(cfg)
if cmd == "check":
    print(json.dumps({"verdict": verdict, "config": healed, "reasons": reasons}))
    sys.exit(0)
if verdict == "refuse":
    sys.exit("knobtune: refused: " + reasons[0])
cfg = healed or cfg
with open(cfg["data"]) as data:
    data.read()
fakeformers.Trainer(model={"lr": cfg["lr"]}, tokenizer="whitespace", train_dataset=[])
if cfg.get("fused") and fakeformers.__version__ < "1.2":
    raise RuntimeError("fused kernels need fakeformers 1.2")
if cfg.get("checkpointing") and cfg.get("freeze") and cfg.get("reentrant") is not False:
    raise RuntimeError("no gradient reaches the unfrozen layers (reentrant checkpointing)")
with open(os.environ["MATRIX_METRICS"], "a") as out:
    loss = 1.0
    for step in range(6):
        out.write(json.dumps({"step": step, "loss": loss}) + "\\n")
        loss *= 1 - cfg["lr"]
    out.write(json.dumps({"config": os.environ["MATRIX_CONFIG"], "reentrant": cfg.get("reentrant"), "data": cfg["data"]}) + "\\n")
`;

const BASE = { data: "data.txt", lr: 0.1, freeze: true, checkpointing: false, fused: false };

const KNOB_JOB = {
  run: "python knobtune.py train {config}",
  cwd: "../work",
  timeout: "1m",
  expect: { loss_decreases: 0.3 },
  knobs: {
    config: "knobs-base.json",
    validate: "python knobtune.py check {config} --json",
    axes: { fused: [false, true], checkpointing: [false, true], lr: [0.1, 0.5] },
    sample: "full",
    bypass_env: { KNOBTUNE_SKIP_VALIDATION: "1" },
  },
};

let world: MiniWorld;
let matrix: string;

beforeAll(async () => {
  world = await makeMiniWorld("matrix-knobs-");
  await writeFile(join(world.root, "work", "knobtune.py"), KNOBTUNE);
  await writeFile(join(world.root, "work", "knobs-base.json"), JSON.stringify(BASE));
  await writeFile(join(world.root, "work", "data.txt"), "a b c\n");
  matrix = await world.writeMatrix("knobs", {
    requirements: "pins.txt",
    variants: ["pinned", "latest-fakeformers", "upstream-fakeformers"],
    fakeformersRepo: world.upstreamUrl,
    jobs: { knobbed: KNOB_JOB },
  });
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const HEALED = "nof-c-l0_1";

describe("knobs", () => {
  it("plans: refused combinations pruned with reasons, healed and warned ones kept", async () => {
    const cli = await world.cli(["plan", "-m", matrix, "--json", "--run", "runs/plan"]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    // The pinned environment the verdicts need is built first, and the plan says so as it does.
    expect(cli.stderr).toMatch(
      /\[knobs\] pinned environment for the knob verdicts \.\.\.\n(?:.*\n)*\[knobs\] pinned environment for the knob verdicts built with uv \(/,
    );
    const plan = JSON.parse(cli.stdout);
    expect(plan.refused).toHaveLength(4);
    expect(plan.refused[0]).toMatchObject({
      job: "knobbed",
      reasons: ["fused: true needs fakeformers >= 1.2 (fused kernels)"],
    });
    const pinned = plan.cells.filter((c: { variant: string }) => c.variant === "pinned");
    expect(pinned.map((c: { knob_id: string; verdict: string }) => [c.knob_id, c.verdict])).toEqual([
      ["nof-noc-l0_1", "ok"],
      ["nof-noc-l0_5", "warn"],
      [HEALED, "heal"],
      ["nof-c-l0_5", "heal"],
    ]);
    expect(pinned[2]).toMatchObject({
      job: `knobbed--${HEALED}`,
      knobs: { fused: false, checkpointing: true, lr: 0.1 },
    });
    expect(plan.knobs[0]).toMatchObject({ job: "knobbed", sample: "full", grid: 8, left_out: [] });

    const explain = await world.cli(["plan", "-m", matrix, "--explain", "--run", "runs/plan"]);
    expect(explain.stdout).toContain("knobbed: full sample, 8 of 8 combinations judged, 4 run");
    expect(explain.stdout).toContain(`${HEALED} (fused=false checkpointing=true lr=0.1): runs healed`);
    expect(explain.stdout).toContain("heal: checkpointing with freeze needs reentrant: false");
    expect(explain.stdout).toContain("refused: fused: true needs fakeformers >= 1.2");
    expect(explain.stdout).toContain("warn: lr 0.5 is high");

    const github = await world.cli(["plan", "-m", matrix, "--github", "--run", "runs/plan"]);
    const include = JSON.parse(github.stdout).include;
    expect(include).toHaveLength(12);
    expect(include).toContainEqual(
      expect.objectContaining({ variant: "upstream-fakeformers", job: `knobbed--${HEALED}`, knobs: HEALED }),
    );
  });

  it("runs one cell with --knobs, with the healed config as {config} and $MATRIX_CONFIG", async () => {
    const cli = await world.cli([
      "run",
      "-m",
      matrix,
      "--variant",
      "pinned",
      "--knobs",
      HEALED,
      "--run",
      "runs/one",
      "--json",
    ]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).results).toHaveLength(1);
    const result = await readResult(join(world.root, "runs", "one"), "pinned", `knobbed--${HEALED}`);
    expect(result.status).toBe("pass");
    expect(result.knob).toMatchObject({ job: "knobbed", id: HEALED, verdict: "heal" });
    const config = join(world.root, "runs", "one", "knobs", "knobbed", `${HEALED}.json`);
    expect(result.metrics.summary).toEqual({
      config,
      reentrant: false,
      data: join(world.root, "work", "data.txt"),
    });
    expect(JSON.parse(await readFile(config, "utf8"))).toMatchObject({
      reentrant: false,
      checkpointing: true,
    });

    const refused = await world.cli(["run", "-m", matrix, "--knobs", "f-noc-l0_1", "--run", "runs/one"]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('no runnable knob combination "f-noc-l0_1"');
  });

  it("shows the support matrix of a night, and a knob cell's breakage is a regression like any other", async () => {
    const cli = await world.cli(["nightly", "-m", matrix, "--run", "runs/night"]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const night = join(world.root, "runs", "night");
    const summary = JSON.parse(await readFile(join(night, "summary.json"), "utf8"));
    expect(summary.support.variants).toEqual(["pinned", "latest-fakeformers", "upstream-fakeformers"]);
    const row = (id: string) => summary.support.rows.find((r: { id: string }) => r.id === id);
    expect(row(HEALED)).toMatchObject({
      verdict: "heal",
      cells: { pinned: "pass", "latest-fakeformers": "fail", "upstream-fakeformers": "pass" },
    });
    expect(row("f-c-l0_5")).toMatchObject({ verdict: "refuse", cells: { pinned: "refused" } });
    expect(cli.stdout).toContain("support matrix (knob combinations x variants)");
    expect(cli.stdout).toMatch(/knobbed nof-noc-l0_5 +pass +fail +pass +warn: lr 0.5 is high/);

    // fakeformers 1.1.0 breaks every knob cell: four regressions, four fingerprints, one culprit.
    const regressions = summary.regressions.filter(
      (r: { variant: string }) => r.variant === "latest-fakeformers",
    );
    expect(regressions.map((r: { job: string }) => r.job).sort()).toEqual(
      ["nof-c-l0_1", "nof-c-l0_5", "nof-noc-l0_1", "nof-noc-l0_5"].map((id) => `knobbed--${id}`),
    );
    expect(new Set(regressions.map((r: { fingerprint: string }) => r.fingerprint)).size).toBe(4);
    const healed = regressions.find((r: { job: string }) => r.job === `knobbed--${HEALED}`);
    expect(healed).toMatchObject({
      culprits: ["fakeformers"],
      bisect: { package: "fakeformers", status: "found" },
    });
    const draft = await readFile(join(night, "issues", `${healed.fingerprint}.md`), "utf8");
    expect(draft).toContain(
      "# knob combination: fused=false checkpointing=true lr=0.1 (wrapper verdict: heal)",
    );
    expect(draft).toContain(`cat > knobs-${HEALED}.json <<`);
    expect(draft).toContain(`python knobtune.py train knobs-${HEALED}.json`);
    expect(draft).toContain('"reentrant": false');
    expect(draft).toContain('"data": "data.txt"');

    // The gate of the same run, as the triage job of a night split over runners reads it.
    const gate = await world.cli(["gate", "-m", matrix, "--run", "runs/night"]);
    expect(gate.exitCode, gate.stdout).toBe(0);

    // The same night as the triage job of a split night sees it: what the plan, variants and
    // cell runners uploaded (manifest, variants, knobs/, results, logs), no summary, no drafts.
    const split = join(world.root, "runs", "split");
    for (const part of ["manifest.json", "variants", "knobs", "results", "logs"])
      await cp(join(night, part), join(split, part), { recursive: true });
    const bisects = await world.cli(["plan", "--bisects", "-m", matrix, "--run", "runs/split", "--json"]);
    expect(bisects.exitCode, bisects.stderr).toBe(0);
    // One bisect per (culprit, job): each knob cell is a job of its own.
    expect(
      JSON.parse(bisects.stdout)
        .bisects.map((b: { job: string }) => b.job)
        .sort(),
    ).toEqual(regressions.map((r: { job: string }) => r.job).sort());
    const filed = await world.cli(["file-issues", "-m", matrix, "--run", "runs/split"]);
    expect(filed.exitCode, filed.stderr).toBe(0);
    const assembled = JSON.parse(await readFile(join(split, "summary.json"), "utf8"));
    expect(assembled.support.rows.length).toBe(summary.support.rows.length);
    const splitDraft = await readFile(join(split, "issues", `${healed.fingerprint}.md`), "utf8");
    expect(splitDraft).toContain(`python knobtune.py train knobs-${HEALED}.json`);
    expect(splitDraft).not.toContain("no longer in the matrix file");
  });

  it("knobs probe: the refusal no longer holds upstream, the heal's rule still does", async () => {
    const cli = await world.cli(["knobs", "probe", "-m", matrix, "--run", "runs/probe", "--json"]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const { findings } = JSON.parse(cli.stdout);
    const of = (id: string) => findings.find((f: { id: string }) => f.id === id);
    expect(of("f-noc-l0_1")).toMatchObject({
      verdict: "refuse",
      rule: "fixed-upstream",
      results: { pinned: "fail", "latest-fakeformers": "fail", "upstream-fakeformers": "pass" },
      passes_under: ["upstream-fakeformers"],
    });
    expect(of(HEALED)).toMatchObject({
      verdict: "heal",
      rule: "holds",
      results: { pinned: "fail", "latest-fakeformers": "fail", "upstream-fakeformers": "fail" },
    });
    expect(findings).toHaveLength(6);
    expect(cli.stderr).toContain("rule no longer holds upstream");
    const log = await readFile(
      join(world.root, "runs", "probe", "knobs", "probe", "logs", `pinned--knobbed--${HEALED}.log`),
      "utf8",
    );
    expect(log).toContain("no gradient reaches the unfrozen layers");
  });

  it("runs a healed cell planned in one checkout from a copy of the run folder in another, the first one gone", async () => {
    const spec = await world.writeMatrix("portable", {
      requirements: "pins.txt",
      variants: ["pinned"],
      jobs: { knobbed: KNOB_JOB },
    });
    const checkout = async (name: string) => {
      for (const part of ["minitune", "reqs", "work"])
        await cp(join(world.root, part), join(world.root, name, part), { recursive: true });
      await cp(join(world.root, spec), join(world.root, name, spec));
      return join(name, spec);
    };
    const planned = await checkout("runner-plan");
    const plan = await world.cli(["plan", "--github", "-m", planned, "--run", "runner-plan/reports/n1"]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    const variants = await world.cli(["variants", "-m", planned, "--run", "runner-plan/reports/n1"]);
    expect(variants.exitCode, variants.stderr).toBe(0);
    // The healed verdict travels in the run folder, written as the matrix file's folder writes it.
    const verdicts = await readFile(
      join(world.root, "runner-plan", "reports", "n1", "knobs", "verdicts.json"),
      "utf8",
    );
    expect(verdicts).toContain('"reentrant": false');
    expect(verdicts).not.toContain(join(world.root, "runner-plan"));

    const cell = await checkout("runner-cell");
    await cp(join(world.root, "runner-plan", "reports"), join(world.root, "runner-cell", "reports"), {
      recursive: true,
    });
    await rm(join(world.root, "runner-plan"), { recursive: true, force: true });
    const run = await world.cli([
      "run",
      "-m",
      cell,
      "--run",
      "runner-cell/reports/n1",
      "--variant",
      "pinned",
      "--knobs",
      HEALED,
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = await readResult(
      join(world.root, "runner-cell", "reports", "n1"),
      "pinned",
      `knobbed--${HEALED}`,
    );
    expect(result.status, result.failure?.excerpt ?? "").toBe("pass");
    expect(result.metrics.summary).toMatchObject({
      reentrant: false,
      data: join(world.root, "runner-cell", "work", "data.txt"),
    });
  });
});
