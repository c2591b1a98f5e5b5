/**
 * A run folder with a torn or corrupt record (a cut-off result, a bisect record that is not
 * JSON, a gate verdict of the wrong shape, a knob plan cut in half, a folder where a file should
 * be): the commands that read it (`gate`, `report`, `conclude`) exit 2 with one line naming the
 * file and what is wrong, and write nothing from it (no summary, no gate verdict, no history
 * night). Before run-records.ts, `report` recorded such a night without its bisect, verdict or
 * filing, and `conclude` died with an internal error. The history's own leftovers (the temp file
 * of a report killed between write and rename) are never read as nights, and a later report
 * removes them.
 */
import { mkdir, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GateWorld, makeGateWorld } from "../support/gate-world.js";
import type { Cell } from "../support/night-summary.js";
import { runCli } from "../support/run-cli.js";

let world: GateWorld;
beforeAll(async () => {
  world = await makeGateWorld("matrix-torn-");
  await world.writeMatrix();
  await writeFile(
    join(world.root, "requirements.txt"),
    "# the release candidate\nfakeformers==1.0.0\nfakedata==1.0.0\n",
  );
});
afterAll(async () => {
  await world?.close();
});

const NIGHT: Cell[] = [
  ["pinned", "smoke", "pass"],
  ["latest-fakedata", "smoke", "fail", "fakedata", "expectation: loss flat"],
];
const TORN_JSON = '{"variant": "latest-fakedata", "job": "smo';
let serial = 0;
const runId = () => `20260401-0${String(++serial).padStart(5, "0")}-torn`;

/** A night (summary, or split: manifest and results) with `plant` written into its folder. */
async function nightWith(split: boolean, plant: Record<string, string | "folder">) {
  const run = runId();
  const dir = split ? await world.writeSplitNight(run, NIGHT) : await world.writeNight(run, NIGHT);
  for (const [rel, content] of Object.entries(plant)) {
    const path = join(dir, rel);
    await rm(path, { recursive: true, force: true });
    if (content === "folder") await mkdir(path, { recursive: true });
    else {
      await mkdir(join(path, ".."), { recursive: true });
      await writeFile(path, content);
    }
  }
  return { run, dir };
}

const matrix = (verb: string, dir: string) =>
  runCli([verb, "--matrix", "matrix.yml", "--reports", "reports", "--run", dir], world.root);

describe.each<[string, boolean, string, string | "folder", RegExp]>([
  ["gate", true, "results/latest-fakedata--smoke.json", TORN_JSON, /not JSON/],
  ["gate", true, "bisect/fakedata--smoke.json", "{ not json", /not JSON/],
  ["gate", true, "results/pinned--smoke.json", "folder", /cannot be read \(EISDIR\); repair or remove it/],
  ["report", false, "bisect/fakedata--smoke.json", "{ not json", /not JSON/],
  ["report", false, "bisect/fakedata--smoke.json", '{"package": "fakedata"}', /not a bisect record \(\w+: /],
  ["report", false, "gate.json", '{"run": "x", "gate": "maybe"}', /not a gate record \(gate: /],
  [
    "report",
    false,
    "issues/filed.json",
    '{"outcomes": [{"repo": 1}]}',
    /not a filing report \(outcomes\.0\.repo: /,
  ],
  ["report", false, "results/latest-fakedata--smoke.json", "folder", /cannot be read \(EISDIR\)/],
  ["conclude", true, "knobs/plan.json", '[{"job": "smoke", "cel', /not JSON/],
  ["conclude", true, "results/pinned--smoke.json", TORN_JSON, /not JSON/],
  ["conclude", true, "interactions/latest-fakedata--smoke.json", '{"summary": ', /not JSON/],
  ["conclude", true, "cells.json", '{"include": 3}', /not a night's planned cells \(include: /],
])("matrix %s (split night: %s), %s torn", (verb, split, rel, content, what) => {
  it("exits 2 naming the file and what is wrong, and writes nothing from it", async () => {
    const { run, dir } = await nightWith(split, { [rel]: content });
    const before = (await readdir(dir)).sort();
    const out = await matrix(verb, dir);
    expect(out.exitCode, out.stderr).toBe(2);
    const line = out.stderr.split("\n").find((l) => l.startsWith("matrix: ")) ?? "";
    expect(line).toContain(join(dir, rel));
    expect(line).toMatch(what);
    expect(line).not.toContain("internal error");
    // Nothing written from a torn night: no summary, no verdict, no history night.
    expect((await readdir(dir)).sort()).toEqual(before);
    const history = await readdir(join(world.reports, "history")).catch(() => [] as string[]);
    expect(history.filter((n) => n.startsWith(run))).toEqual([]);
  });
});

describe("what is not a record", () => {
  it("an interrupted write's <name>.json.<n> and a bisect's .state.json are passed over, not read", async () => {
    const { dir } = await nightWith(true, {
      "results/latest-fakedata--smoke.json.3412876452": TORN_JSON,
      "bisect/fakedata--smoke.state.json": "{ half a state",
    });
    const out = await matrix("gate", dir);
    // The night's own verdict: fakedata breaks only upstream, so the gate passes.
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.stderr).not.toContain("matrix: ");
  });
});

describe("the history's leftovers", () => {
  it("a killed writer's <night>.json.<n> is never a night, and a later report removes it once old", async () => {
    const history = join(world.reports, "history");
    await mkdir(history, { recursive: true });
    const old = join(history, "20260101-020000-dead.json.3412876452");
    const young = join(history, "20260102-020000-beef.json.17");
    await writeFile(old, '{"run": "20260101-020000-dead", "date": "2026-01-01T02:00:00Z", "cel');
    await writeFile(young, "{");
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(old, hourAgo, hourAgo);
    const { run, dir } = await nightWith(false, {});
    const out = await runCli(
      ["report", "--matrix", "matrix.yml", "--reports", "reports", "--run", dir, "--json"],
      world.root,
    );
    expect(out.exitCode, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.unreadable).toEqual([]);
    expect(result.nights).toBe(1);
    const names = await readdir(history);
    expect(names).toContain(`${run}.json`);
    // The young one may be a report writing right now: it stays; the old one is gone.
    expect(names).toContain("20260102-020000-beef.json.17");
    expect(names).not.toContain("20260101-020000-dead.json.3412876452");
  });
});
