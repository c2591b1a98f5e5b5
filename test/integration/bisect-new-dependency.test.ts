/**
 * A candidate that needs a new dependency is installed with it, never blamed for lacking it.
 * Upstream adds dependencies all the time (transformers added safetensors): a bisect step that
 * puts a newer commit or release into the base environment must bring what it declares, and a
 * commit whose dependency cannot be had at all is untestable, never the first bad one.
 * Everything is real: git, uv, the wheels built per commit, a local index.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  COMMITS,
  FIRST_BAD,
  MISSING_BASE,
  MISSING_BRANCH,
  makeNewDependencyWorld,
  NEW_DEPENDENCY_AT,
  type NewDependencyWorld,
  titleOf,
} from "../support/new-dependency-world.js";

let world: NewDependencyWorld;
const sha = (i: number) => world.shas[i] as string;
const TYPE_ERROR = "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'";

interface LogEntry {
  ref: string;
  verdict: string;
  reason: string | null;
  detail?: string;
  signature: string | null;
}

beforeAll(async () => {
  world = await makeNewDependencyWorld("matrix-newdep-");
});

afterAll(async () => {
  await world?.close();
});

/** `matrix bisect --package fakeformers --job smoke --json ...args`, in a fresh cache of its own. */
function bisect(matrix: string, run: string, args: string[]) {
  return world.mini.cli(
    ["bisect", "-m", matrix, "--package", "fakeformers", "--job", "smoke", "--json", "--run", run, ...args],
    {},
    `cache-${run}`,
  );
}

/** What the smoke job of one candidate reported before training (its first metrics line). */
async function reported(run: string, label: string): Promise<Record<string, unknown>> {
  const file = join(world.root, run, "bisect", "fakeformers--smoke", "logs", `${label}--smoke.metrics.jsonl`);
  const [first = "{}"] = (await readFile(file, "utf8")).split("\n");
  return JSON.parse(first);
}

async function jobLog(run: string, label: string): Promise<string> {
  return readFile(
    join(world.root, run, "bisect", "fakeformers--smoke", "logs", `${label}--smoke.log`),
    "utf8",
  );
}

describe("a commit bisect across a commit that adds a dependency", () => {
  it.each([1, 3])("installs each candidate with what it declares (--workers %i)", async (workers) => {
    const run = `commits-w${workers}`;
    const cli = await bisect(world.commitsMatrix, run, [
      "--good",
      sha(0),
      "--bad",
      "main",
      "--workers",
      String(workers),
    ]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const record = JSON.parse(cli.stdout);
    expect(record).toMatchObject({
      status: "found",
      kind: "commits",
      good: sha(0),
      bad: sha(COMMITS - 1),
      candidates: COMMITS,
      first_bad: { ref: sha(FIRST_BAD), title: titleOf(FIRST_BAD), pr: 41000 + FIRST_BAD },
      last_good: { ref: sha(FIRST_BAD - 1) },
      skipped: [],
      ambiguous: [],
    });
    const log = record.log as LogEntry[];
    expect(log.filter((l) => l.reason === "missing-dependency" || l.reason === "untestable")).toEqual([]);
    if (workers === 1) expect(record.steps).toBeLessThanOrEqual(Math.ceil(Math.log2(COMMITS)) + 2);
    expect(log).toHaveLength(record.steps);

    const at = (ref: string) => world.shas.indexOf(ref);
    const after = log.filter((l) => at(l.ref) >= NEW_DEPENDENCY_AT);
    // The search runs through commits that need fakesafetensors, passing ones among them.
    expect(after.some((l) => l.verdict === "good")).toBe(true);
    for (const entry of log) {
      const i = at(entry.ref);
      const label = entry.ref.slice(0, 12);
      if (i < FIRST_BAD) expect(entry, label).toMatchObject({ verdict: "good", signature: null });
      else expect(entry.signature, label).toContain(TYPE_ERROR);
      if (i >= FIRST_BAD) expect(entry.verdict, label).toBe("bad");
      expect(entry.signature ?? "", label).not.toMatch(/ModuleNotFoundError/);
      expect(await jobLog(run, label), label).not.toMatch(/ModuleNotFoundError/);
      // The job ran the candidate itself, with the dependency it declares imported from the
      // index, and the third tracked package still at its pin (fakeaccel 2.0.0 raises at import).
      expect(await reported(run, label), label).toEqual({
        fakeformers: "1.3.0.dev0",
        commit: i,
        fakeaccel: "1.0.0",
        fakesafetensors: i >= NEW_DEPENDENCY_AT ? "1.0.0" : null,
      });
    }
  });

  it("skips a commit whose new dependency no index has as untestable, never bad, even next to the bad end", async () => {
    const missing = world.missingShas;
    const [s6, s7, s8] = missing.slice(-3) as [string, string, string];
    const run = "missing";
    const cli = await bisect(world.commitsMatrix, run, [
      "--good",
      sha(MISSING_BASE),
      "--bad",
      MISSING_BRANCH,
    ]);
    expect(cli.exitCode, cli.stderr).toBe(1);
    const record = JSON.parse(cli.stdout);
    expect(record, JSON.stringify(record.log)).toMatchObject({
      status: "ambiguous",
      kind: "commits",
      good: sha(MISSING_BASE),
      bad: s8,
      candidates: missing.length + 1,
      last_good: { ref: s6 },
      first_bad: { ref: s8, pr: 42008 },
      skipped: [s7],
      ambiguous: [s7, s8],
    });
    expect(record.first_bad.ref).not.toBe(s7);
    expect(record.reason).toMatch(/only skipped candidates lie between/);
    const log = record.log as LogEntry[];
    const entry = log.find((l) => l.ref === s7);
    expect(entry).toMatchObject({ verdict: "skip", reason: "untestable" });
    expect(entry?.signature).toMatch(/^install: /);
    expect(entry?.detail).toMatch(/^cannot install: /);
    expect(log.filter((l) => l.verdict === "bad").map((l) => l.ref)).toEqual([s8]);
    expect(cli.stderr).toContain(`skipped ${s7.slice(0, 12)}: cannot install: `);
    // The resolver's own complaint, naming what it could not find (not only its conclusion).
    expect(entry?.detail).toContain("fakemissing");
  });
});

describe("a release bisect across a release that adds a dependency", () => {
  it("names 1.4.0, installing 1.3.0 with fakesafetensors and skipping nothing", async () => {
    const run = "releases";
    const cli = await bisect(world.releasesMatrix, run, []);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const record = JSON.parse(cli.stdout);
    expect(record).toMatchObject({
      status: "found",
      kind: "releases",
      good: "1.0.0",
      bad: "1.5.0",
      candidates: 6,
      first_bad: { ref: "1.4.0", title: "fakeformers 1.4.0" },
      last_good: { ref: "1.3.0" },
      skipped: [],
      ambiguous: [],
    });
    const log = record.log as LogEntry[];
    // The bad end first; the good end is never needed once 1.3.0 passes.
    expect(log.map((l) => `${l.ref} ${l.verdict}`)).toEqual(["1.5.0 bad", "1.3.0 good", "1.4.0 bad"]);
    for (const entry of log) {
      expect(entry.signature ?? "").not.toMatch(/ModuleNotFoundError/);
      const needs = ["1.3.0", "1.4.0", "1.5.0"].includes(entry.ref);
      expect(await reported(run, entry.ref), entry.ref).toEqual({
        fakeformers: entry.ref,
        commit: null,
        fakeaccel: "1.0.0",
        fakesafetensors: needs ? "1.0.0" : null,
      });
    }
  });
});
