/**
 * `matrix bisect` end to end through the real CLI: a 64-commit upstream built per candidate by
 * uv with an offline build backend, unbuildable and differently failing commits on the way, the
 * resumable state, k-ary rounds, and a release bisect over 20 wheels on a local index that also
 * holds yanked and pre-releases.
 */
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BisectState,
  bisectStateSchema,
  recordVerdicts,
  startBisect,
} from "../../src/core/bisect/index.js";
import {
  type BisectWorld,
  COMMITS,
  DIFFERENT,
  FIRST_BAD,
  makeBisectWorld,
  titleOf,
  UNBUILDABLE,
} from "../support/bisect-world.js";

let world: BisectWorld;
const runDir = (name: string) => join(world.root, "runs", name);
const sha = (i: number) => world.shas[i] as string;
const TYPE_ERROR = "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'";

beforeAll(async () => {
  world = await makeBisectWorld("matrix-bisect-");
});

afterAll(async () => {
  await world?.close();
});

/** `matrix bisect --package fakeformers --job smoke --json ...args`. */
function bisect(matrix: string, args: string[]) {
  return world.mini.cli([
    "bisect",
    "-m",
    matrix,
    "--package",
    "fakeformers",
    "--job",
    "smoke",
    "--json",
    ...args,
  ]);
}

/** The 12-character labels of the candidates whose smoke job ran, in the order they started. */
function smokeRuns(stderr: string): string[] {
  return [...stderr.matchAll(/^\[([0-9a-f]{12}|[0-9][^\]]*)\] smoke \.\.\.$/gm)].map((m) => m[1] as string);
}

/** Forgets every remembered verdict, so the next bisect runs its smoke jobs. */
async function forgetVerdicts(): Promise<void> {
  await rm(join(world.root, "cache", "verdicts"), { recursive: true, force: true });
}

async function readState(run: string): Promise<BisectState> {
  const text = await readFile(join(run, "bisect", "fakeformers--smoke.state.json"), "utf8");
  return bisectStateSchema.parse(JSON.parse(text));
}

describe("matrix bisect over commits", () => {
  const run = () => runDir("commits");
  // The plain search, whose path runs through the planted unbuildable and differently failing
  // commits (the failure names `tokenizer`, so the suspects would go straight to the culprit).
  const args = () => ["--good", sha(0), "--bad", "main", "--no-suspects", "--run", run()];
  let first: { stdout: string; record: Record<string, unknown> & { steps: number; rounds: number } };

  it("finds the first bad commit past unbuildable and differently failing ones", async () => {
    const cli = await bisect(world.commitsMatrix, args());
    expect(cli.exitCode, cli.stderr).toBe(0);
    const record = JSON.parse(cli.stdout);
    first = { stdout: cli.stdout, record };
    expect(record).toMatchObject({
      status: "found",
      reason: null,
      package: "fakeformers",
      job: "smoke",
      variant: "pinned",
      kind: "commits",
      good: sha(0),
      bad: sha(COMMITS - 1),
      candidates: COMMITS,
      first_bad: {
        ref: sha(FIRST_BAD),
        title: titleOf(FIRST_BAD),
        author: "Upstream Dev",
        date: await world.authorDateOf(sha(FIRST_BAD)),
        pr: 35000 + FIRST_BAD,
        // A file:// upstream has no pull request or compare page to link to.
        url: null,
      },
      // Commit 40 passes and is buildable: the neighbour of the first bad.
      last_good: { ref: sha(FIRST_BAD - 1) },
      ambiguous: [],
      // The bad end ran first; the search met a good commit, so the good end never had to run.
      endpoints: {
        good: { ref: sha(0), status: "not-needed", source: null },
        bad: { ref: sha(COMMITS - 1), status: "confirmed", source: "run" },
      },
    });
    expect(record.steps).toBeLessThanOrEqual(Math.log2(COMMITS) + 8);
    expect(record.rounds).toBe(record.steps); // one worker: one smoke run per round
    expect(record.log).toHaveLength(record.steps);
    expect(record.log.map((l: { ref: string }) => l.ref)).not.toContain(sha(0));
    // Commits whose build inputs match the good end's went in as source trees; the ones that
    // changed pyproject.toml or the in-tree backend took a wheel, whose build failed.
    expect(cli.stderr).toContain("source tree, in worker 0");

    // Every skipped commit is one of the planted ones, each for its own reason.
    const byRef = new Map(record.log.map((l: { ref: string }) => [l.ref, l]));
    const planted = [...UNBUILDABLE, ...DIFFERENT].map(sha);
    expect(record.skipped.length).toBeGreaterThan(0);
    expect(planted, JSON.stringify(record.log)).toEqual(expect.arrayContaining(record.skipped));
    const visitedUnbuildable = UNBUILDABLE.map(sha).filter((ref) => byRef.has(ref));
    const visitedDifferent = DIFFERENT.map(sha).filter((ref) => byRef.has(ref));
    // The search path runs through both kinds (see bisect-world.ts), so both are tested here.
    expect(visitedUnbuildable.length).toBeGreaterThan(0);
    expect(visitedDifferent.length).toBeGreaterThan(0);
    expect(new Set(record.skipped)).toEqual(new Set([...visitedUnbuildable, ...visitedDifferent]));
    for (const ref of visitedUnbuildable) {
      expect(byRef.get(ref)).toMatchObject({ verdict: "skip", reason: "untestable" });
      expect((byRef.get(ref) as { signature: string }).signature).toMatch(/^install: /);
    }
    for (const ref of visitedDifferent) {
      expect(byRef.get(ref)).toMatchObject({ verdict: "skip", reason: "different-failure" });
      expect((byRef.get(ref) as { signature: string }).signature).toMatch(/^ImportError: /);
    }
    expect(byRef.get(sha(FIRST_BAD))).toMatchObject({
      verdict: "bad",
      signature: expect.stringContaining(TYPE_ERROR),
    });

    const file = await readFile(join(run(), "bisect", "fakeformers--smoke.json"), "utf8");
    expect(JSON.parse(file)).toEqual(record);
    const state = await readState(run());
    expect(state).toMatchObject({ steps: record.steps, rounds: record.rounds, candidates: world.shas });
    // The human text: the culprit with its title, the signature it was matched on, the last good.
    expect(cli.stderr).toContain(`  first bad ${sha(FIRST_BAD).slice(0, 12)}: ${titleOf(FIRST_BAD)}\n`);
    expect(cli.stderr).toContain(`\n  signature: ${TYPE_ERROR} @ `);
    expect(cli.stderr).toContain(
      `  last good ${sha(FIRST_BAD - 1).slice(0, 12)}; ${record.steps} steps in ${record.rounds} rounds`,
    );
    // Each step ran the smoke job once, except the unbuildable ones that never got to it.
    expect(smokeRuns(cli.stderr)).toHaveLength(record.steps - visitedUnbuildable.length);
  });

  it("runs no smoke a second time: a new bisect of the same range takes every verdict from the cache", async () => {
    expect(first, "needs the bisect above").toBeDefined();
    const cli = await bisect(world.commitsMatrix, [
      "--good",
      sha(0),
      "--bad",
      "main",
      "--no-suspects",
      "--run",
      runDir("again"),
    ]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const record = JSON.parse(cli.stdout);
    expect(record).toMatchObject({
      status: "found",
      first_bad: { ref: sha(FIRST_BAD) },
      endpoints: { bad: { status: "confirmed", source: "cache" } },
    });
    expect(smokeRuns(cli.stderr)).toEqual([]);
    type Entry = { ref: string; reason: string | null; source: string };
    const log = record.log as Entry[];
    // Every answer the first bisect measured comes from the cache; an install error is not
    // remembered (it says little about the code), so the unbuildable commits are tried again,
    // and fail to build again before any smoke.
    const untestable = (first.record.log as Entry[])
      .filter((l) => l.reason === "untestable")
      .map((l) => l.ref);
    const measured = (first.record.log as Entry[]).filter((l) => l.reason !== "untestable").map((l) => l.ref);
    expect(log.filter((l) => l.source === "cache").map((l) => l.ref)).toEqual(
      expect.arrayContaining(measured),
    );
    const ran = log.filter((l) => l.source === "run");
    expect(ran.map((l) => l.reason)).toEqual(ran.map(() => "untestable"));
    expect(untestable).toEqual(expect.arrayContaining(ran.map((l) => l.ref)));
    expect(record.steps).toBe(ran.length);
  });

  it("resumes from its state: a finished bisect runs nothing, a cut-short one only what is left", async () => {
    expect(first, "needs the bisect above").toBeDefined();
    const again = await bisect(world.commitsMatrix, args());
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).not.toMatch(/environment|install \.\.\.|smoke \.\.\./);

    // Cut it short after round 4, as a lost runner would: the state as it was saved then.
    const full = await readState(run());
    const kept = 4;
    let partial = startBisect(full.candidates, { workers: 1 });
    for (let round = 1; round <= kept; round++) {
      partial = recordVerdicts(
        partial,
        full.log
          .filter((l) => l.round === round)
          .map(({ ref, verdict, reason, signature, seconds }) => ({
            ref,
            verdict,
            reason,
            signature,
            seconds,
          })),
      );
    }
    expect(partial.rounds).toBe(kept);
    await writeFile(join(run(), "bisect", "fakeformers--smoke.state.json"), JSON.stringify(partial));
    // The cache remembers every verdict: forgotten, the rounds after the cut must run again.
    await forgetVerdicts();

    const resumed = await bisect(world.commitsMatrix, args());
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const record = JSON.parse(resumed.stdout);
    expect(record).toMatchObject({
      status: "found",
      first_bad: { ref: sha(FIRST_BAD) },
      last_good: { ref: sha(FIRST_BAD - 1) },
      steps: first.record.steps,
      rounds: first.record.rounds,
    });
    const brief = (log: { ref: string; verdict: string }[]) => log.map((l) => `${l.ref} ${l.verdict}`);
    expect(brief(record.log)).toEqual(brief(first.record.log as { ref: string; verdict: string }[]));
    // Only the rounds after the cut ran again; the worker environment and every wheel came from the cache.
    const later = full.log.filter((l) => l.round > kept).map((l) => l.ref.slice(0, 12));
    expect(smokeRuns(resumed.stderr)).toEqual(later);
    expect(resumed.stderr).not.toMatch(/environment built|wheel built/);
    expect(resumed.stderr.match(/worker environment reused/g)).toHaveLength(1);
    expect(resumed.stderr.match(/source tree, in worker 0|wheel reused|cannot build/g)).toHaveLength(
      later.length,
    );
  });

  it("takes fewer rounds with --workers 4 and the same answer, good defaulting to the pinned SHA", async () => {
    expect(first, "needs the bisect above").toBeDefined();
    const run4 = runDir("commits-4");
    await forgetVerdicts();
    const cli = await bisect(world.commitsMatrix, ["--bad", "main", "--workers", "4", "--run", run4]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const record = JSON.parse(cli.stdout);
    expect(record).toMatchObject({
      status: "found",
      good: sha(0),
      bad: sha(COMMITS - 1),
      first_bad: { ref: sha(FIRST_BAD), pr: 35000 + FIRST_BAD },
      last_good: { ref: sha(FIRST_BAD - 1) },
    });
    expect(record.rounds).toBeLessThan(first.record.rounds);
    if (record.skipped.length === 0) {
      expect(record.rounds).toBeLessThanOrEqual(Math.ceil(Math.log(COMMITS) / Math.log(5)) + 1);
    }
    // The bad end runs beside three split points; then four candidates at once (the last may need fewer).
    const state = await readState(run4);
    const perRound = Array.from({ length: state.rounds }, (_, r) =>
      state.log.filter((l) => l.round === r + 1),
    );
    expect(perRound[0]?.map((l) => l.ref)).toContain(sha(COMMITS - 1));
    expect(perRound[0]).toHaveLength(4);
    expect(Math.max(...perRound.map((r) => r.length))).toBe(4);
    expect(JSON.parse(await readFile(join(run4, "bisect", "fakeformers--smoke.json"), "utf8"))).toEqual(
      record,
    );
  });

  it("tries first the commits that touch what the failure names, and names the culprit in three runs", async () => {
    await forgetVerdicts();
    const cli = await bisect(world.commitsMatrix, [
      "--good",
      sha(0),
      "--bad",
      "main",
      "--run",
      runDir("suspects"),
    ]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const record = JSON.parse(cli.stdout);
    expect(record).toMatchObject({
      status: "found",
      first_bad: { ref: sha(FIRST_BAD) },
      last_good: { ref: sha(FIRST_BAD - 1) },
      suspects: { clues: ["Trainer", "tokenizer"] },
    });
    expect(record.suspects.refs).toContain(sha(FIRST_BAD));
    // The bad end (its signature unknown), the culprit's parent, the culprit.
    expect(smokeRuns(cli.stderr)).toEqual(
      [sha(COMMITS - 1), sha(FIRST_BAD - 1), sha(FIRST_BAD)].map((r) => r.slice(0, 12)),
    );
    expect(cli.stderr).toMatch(/commits? touch(es)? Trainer, tokenizer: tried first/);
    expect(cli.stderr).toMatch(
      /suspects: \d+ commits? touching Trainer, tokenizer, tried first; the first bad is one/,
    );
  });

  it("says ambiguous, exit 1, when only unbuildable commits lie between the last good and the first bad", async () => {
    const [s1, s2, s3] = world.sideShas as [string, string, string];
    await forgetVerdicts();
    const cli = await bisect(world.commitsMatrix, [
      "--good",
      sha(10),
      "--bad",
      "side",
      "--run",
      runDir("side"),
    ]);
    expect(cli.exitCode, cli.stderr).toBe(1);
    const record = JSON.parse(cli.stdout);
    expect(record).toMatchObject({
      status: "ambiguous",
      kind: "commits",
      candidates: 4,
      last_good: { ref: sha(10) },
      first_bad: { ref: s3, pr: 36003 },
      skipped: [s1, s2],
      ambiguous: [s1, s2, s3],
      steps: 4,
    });
    expect(record.reason).toMatch(/only skipped candidates lie between/);
    expect(record.log.filter((l: { verdict: string }) => l.verdict === "skip")).toEqual([
      expect.objectContaining({ reason: "untestable" }),
      expect.objectContaining({ reason: "untestable" }),
    ]);
    expect(cli.stderr).toContain("ambiguous");
  });

  it("says not-reproduced, exit 1, when --bad points at a commit that passes", async () => {
    await forgetVerdicts();
    const cli = await bisect(world.commitsMatrix, [
      "--good",
      sha(0),
      "--bad",
      sha(20),
      "--run",
      runDir("good-bad"),
    ]);
    expect(cli.exitCode, cli.stderr).toBe(1);
    const record = JSON.parse(cli.stdout);
    expect(record).toMatchObject({
      status: "not-reproduced",
      reason: `bad endpoint ${sha(20)} passes`,
      candidates: 21,
      first_bad: null,
      // The bad end alone: once it passes, the good end has nothing to answer.
      steps: 1,
      rounds: 1,
    });
    expect(record.log.map((l: { verdict: string }) => l.verdict)).toEqual(["good"]);
    expect(existsSync(join(runDir("good-bad"), "bisect", "fakeformers--smoke.json"))).toBe(true);
  });
});

describe("matrix bisect over releases", () => {
  it("finds the first bad of 20 releases from the pin to the newest, leaving out yanked and pre-releases", async () => {
    const run = runDir("releases");
    const cli = await bisect(world.releasesMatrix, ["--run", run]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const record = JSON.parse(cli.stdout);
    expect(record).toMatchObject({
      status: "found",
      kind: "releases",
      // The pin, and the newest final release that is not yanked (1.20.0 is; 1.21.0rc1 is a pre-release).
      good: "1.0.0",
      bad: "1.19.0",
      candidates: 20,
      // 1.12.1 (yanked) and 1.13.0rc1 break too: counting either would name it instead.
      first_bad: { ref: "1.13.0", title: "fakeformers 1.13.0", pr: null, url: null },
      last_good: { ref: "1.12.0" },
      skipped: [],
      ambiguous: [],
    });
    expect(record.steps).toBeLessThanOrEqual(Math.ceil(Math.log2(20)) + 2);
    for (const entry of record.log) expect(entry.ref).toMatch(/^1\.(1?[0-9])\.0$/);
    expect(record.log.find((l: { ref: string }) => l.ref === "1.13.0")).toMatchObject({
      verdict: "bad",
      signature: expect.stringContaining(TYPE_ERROR),
    });
    expect(JSON.parse(await readFile(join(run, "bisect", "fakeformers--smoke.json"), "utf8"))).toEqual(
      record,
    );
    expect(smokeRuns(cli.stderr)).toHaveLength(record.steps);
  });
});
