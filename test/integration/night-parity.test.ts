/**
 * One night, however it runs. One world (a local fakeformers upstream whose main gains a commit
 * that breaks the smoke job, a local index, a knob grid), two nights in a row, each run both
 * ways: `matrix nightly` in one process, and the workflow's verbs (plan, variants, one `run` per
 * cell, `plan --bisects`, one `bisect` per cell, `conclude`) each in a runner folder of its own,
 * artifacts handed on as folder copies and merged as download-artifact merges them, earlier
 * nights' history downloaded into `reports/history/`. Both give the same summary, drafts, digest,
 * history record and gate (timings aside); the second night shows the breakage as ongoing with
 * last night's culprit and runs no bisect. Then what a split night lacks: a lost cell runner is
 * an infra-error cell saying so, and a missing knob plan is an error naming the file.
 */
import { cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { addCommits } from "../support/git-repo.js";
import {
  BREAKING_INIT,
  fakeformersFiles,
  type MiniWorld,
  makeMiniWorld,
  SMOKE_JOB,
} from "../support/mini-world.js";
import { outcomeOf, readJson } from "../support/night-outcome.js";
import { playSplitNight } from "../support/split-night.js";
import { download, ensureBuilt, runStep } from "../support/workflow-runners.js";

const KNOBJOB = `import json, os, sys
cmd, path = sys.argv[1], sys.argv[2]
cfg = json.load(open(path))
if cmd == "check":
    print(json.dumps({"verdict": "ok", "config": None, "reasons": []}))
    sys.exit(0)
with open(os.environ["MATRIX_METRICS"], "a") as out:
    loss = 1.0
    for step in range(4):
        out.write(json.dumps({"step": step, "loss": loss}) + "\\n")
        loss *= 1 - cfg["lr"]
`;

const RUNS = ["20261201-020000-0001", "20261202-020000-0002"];
let world: MiniWorld;
let matrix: string;
let badSha: string;
const seconds: Record<string, number[]> = { nightly: [], split: [] };

/** One night split over runners, timed. */
async function splitNight(n: number) {
  const started = Date.now();
  const night = await playSplitNight({
    root: world.root,
    matrix,
    id: RUNS[n] as string,
    previous: n > 0 ? (RUNS[n - 1] as string) : null,
  });
  seconds.split?.push((Date.now() - started) / 1000);
  expect(night.cells).toBe(6);
  return night;
}

beforeAll(async () => {
  await ensureBuilt();
  world = await makeMiniWorld("matrix-parity-");
  const upstream = fileURLToPath(world.upstreamUrl);
  const good = await addCommits(upstream, [
    { message: "Document the Trainer (#103)", files: { "NOTES.md": "one\n" } },
    { message: "Speed up padding (#104)", files: { "NOTES.md": "two\n" } },
  ]);
  badSha = await world.breakUpstream();
  await addCommits(upstream, [
    {
      message: "Clean up logging (#106)",
      files: { ...fakeformersFiles("1.2.0.dev0", BREAKING_INIT), "NOTES.md": "3\n" },
    },
  ]);
  expect(good).toHaveLength(2);
  await writeFile(
    join(world.root, "reqs", "parity.txt"),
    `fakeformers @ git+${world.upstreamUrl}@${world.upstreamShas[0]}\nfakedata==1.0.0\n`,
  );
  await writeFile(join(world.root, "work", "knobjob.py"), KNOBJOB);
  await writeFile(join(world.root, "work", "knob-base.json"), JSON.stringify({ lr: 0.2 }));
  matrix = join(world.root, "matrices", "parity.yml");
  await writeFile(
    matrix,
    stringify({
      name: "parity",
      project: { path: "../minitune", requirements: "../reqs/parity.txt" },
      index: world.index.url,
      installer: "uv",
      packages: { fakeformers: { repo: world.upstreamUrl }, fakedata: {} },
      variants: ["pinned", "upstream-fakeformers"],
      jobs: {
        smoke: SMOKE_JOB,
        knobbed: {
          run: "python knobjob.py train {config}",
          cwd: "../work",
          timeout: "1m",
          expect: { loss_decreases: 0.3 },
          knobs: {
            config: "knob-base.json",
            validate: "python knobjob.py check {config}",
            axes: { lr: [0.2, 0.4] },
          },
        },
      },
      notify: { webhook: "$PARITY_WEBHOOK" },
    }),
  );
}, 300_000);

afterAll(async () => {
  await world?.close();
});

/** One night in one process; returns its run folder. */
async function nightlyNight(n: number): Promise<string> {
  const dir = join(world.root, "one");
  const run = join(dir, "reports", RUNS[n] as string);
  await mkdir(dir, { recursive: true });
  const started = Date.now();
  const night = await runStep(["nightly", "-m", matrix, "--run", run], dir, env(dir));
  seconds.nightly?.push((Date.now() - started) / 1000);
  expect(night.exitCode, night.stderr).toBe(0);
  return run;
}

const env = (dir: string) => ({ MATRIX_CACHE: join(dir, "cache") });

describe("one night, however it runs", () => {
  it("night 1: the same summary, drafts, digest, history record and gate both ways", async () => {
    const one = await nightlyNight(0);
    const split = await splitNight(0);
    expect(split.bisects).toBe(1);
    const a = await outcomeOf(world.root, one, RUNS[0] as string);
    const b = await outcomeOf(world.root, split.run, RUNS[0] as string);
    const summary = a.summary as { regressions: Array<Record<string, unknown>>; results: unknown[] };
    expect(summary.results).toHaveLength(6);
    expect(summary.regressions).toEqual([
      expect.objectContaining({
        variant: "upstream-fakeformers",
        job: "smoke",
        lifecycle: expect.objectContaining({ state: "new" }),
        bisect: expect.objectContaining({ status: "found", first_bad: badSha }),
      }),
    ]);
    expect(Object.keys(a.drafts)).toEqual([expect.stringMatching(/^[0-9a-f]{16}\.md$/), "dashboard.md"]);
    expect(b.summary).toEqual(a.summary);
    expect(b.drafts).toEqual(a.drafts);
    expect(b.digest).toEqual(a.digest);
    expect(b.history).toEqual(a.history);
    expect(b.gate).toEqual(a.gate);
    expect(a.gate).toMatchObject({ blocked: false });
  }, 900_000);

  it("night 2: ongoing with last night's culprit, no bisect run, the same both ways", async () => {
    const one = await nightlyNight(1);
    const split = await splitNight(1);
    expect(split.bisects).toBe(0);
    // Nothing bisected in one process either: no bisect left a record or a state.
    expect(await readdir(join(one, "bisect")).catch(() => [])).toEqual([]);
    const a = await outcomeOf(world.root, one, RUNS[1] as string);
    const b = await outcomeOf(world.root, split.run, RUNS[1] as string);
    const summary = a.summary as { regressions: Array<Record<string, unknown>> };
    expect(summary.regressions).toEqual([
      expect.objectContaining({
        lifecycle: expect.objectContaining({ state: "ongoing", nights_red: 2, first_seen: RUNS[0] }),
        bisect: expect.objectContaining({ status: "found", first_bad: badSha, carried_from: RUNS[0] }),
      }),
    ]);
    expect((a.digest as { previous: string }).previous).toBe(RUNS[0]);
    expect(b.summary).toEqual(a.summary);
    expect(b.drafts).toEqual(a.drafts);
    expect(b.digest).toEqual(a.digest);
    expect(b.history).toEqual(a.history);
    expect(b.gate).toEqual(a.gate);
    console.log(
      `parity world wall time (s): nightly ${seconds.nightly?.map((s) => s.toFixed(1)).join(", ")}; split ${seconds.split?.map((s) => s.toFixed(1)).join(", ")}`,
    );
  }, 900_000);

  it("nothing vanishes: a lost cell runner is an infra-error cell, a missing knob plan an error naming it", async () => {
    const id = RUNS[0] as string;
    const store = join(world.root, "artifacts", id);
    const dir = join(world.root, "split", id, "conclude-lost");
    const run = join(dir, "reports", id);
    await download(store, run, { name: "manifest" });
    const cells = (await readdir(store)).filter((n) => n.startsWith("cell-") && !n.includes("knobbed"));
    for (const name of cells) await cp(join(store, name), run, { recursive: true });
    const concluded = await runStep(["conclude", "-m", matrix, "--run", run, "--json"], dir, env(dir));
    // Pinned cells that were never tried block the release: the gate's exit code is the verb's.
    expect(concluded.exitCode, concluded.stderr).toBe(1);
    const summary = JSON.parse(concluded.stdout);
    const lost = summary.results.filter((r: { job: string }) => r.job.startsWith("knobbed--"));
    expect(lost).toHaveLength(4);
    for (const r of lost) {
      expect(r.status).toBe("infra-error");
      expect(r.failure.excerpt).toContain("no runner reported it");
    }
    const gate = await readJson(join(run, "gate.json"));
    expect(gate).toMatchObject({ blocked: true });

    await rm(join(run, "knobs", "plan.json"));
    await rm(join(run, "summary.json"));
    for (const verb of [["conclude"], ["plan", "--bisects"], ["file-issues"]]) {
      const refused = await runStep([...verb, "-m", matrix, "--run", run], dir, env(dir));
      expect(refused.exitCode, `${verb.join(" ")}: ${refused.stderr}`).toBe(2);
      expect(refused.stderr).toContain(join(run, "knobs", "plan.json"));
    }
  }, 300_000);
});
