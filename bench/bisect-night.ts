/**
 * The night's side of the bisect bench: `matrix nightly` on the bench world (variants `pinned` and
 * `upstream-regpkg`, a fresh cache), whose upstream cell fails and is bisected. The record says
 * how many smoke runs the bisect made and where its endpoints' verdicts came from: a night's own
 * cell already ran the bad end, and the good end is not needed once the search meets a good commit.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import type { Figure } from "./bisect.js";
import { cacheOf } from "./bisect-matrix.js";
import type { BisectWorld } from "./bisect-world.js";

const repo = resolve(import.meta.dirname, "..");

/** Runs the night and returns its bisect's figures. */
export async function measureNightBisect(world: BisectWorld): Promise<Figure[]> {
  const run = join(world.root, "runs", "night");
  const cli = await execa(
    "node",
    [join(repo, "dist", "bin.js"), "nightly", "-m", world.matrix, "--run", run, "--json"],
    {
      cwd: world.root,
      env: { NO_COLOR: "1", MATRIX_CACHE: cacheOf(world, "cache-night") },
      reject: false,
      timeout: 900_000,
    },
  );
  const text = await readFile(join(run, "bisect", "regpkg--smoke.json"), "utf8").catch(() => null);
  if (text === null) throw new Error(`the night wrote no bisect (exit ${cli.exitCode}):\n${cli.stderr}`);
  const record = JSON.parse(text) as {
    status: string;
    steps: number;
    first_bad: { ref: string } | null;
    endpoints: { good: { source: string | null }; bad: { source: string | null } };
  };
  const ran = (end: { source: string | null }) => (end.source === "run" ? 1 : 0);
  const endpointRuns = ran(record.endpoints.good) + ran(record.endpoints.bad);
  const right = record.status === "found" && record.first_bad?.ref === world.firstBad;
  return [
    {
      name: "night: bisect names the first bad",
      value: right ? 1 : 0,
      unit: "yes",
      target: "= 1",
      ok: right,
    },
    { name: "night: bisect smoke runs", value: record.steps, unit: "runs" },
    {
      name: `night: smoke runs at the endpoints (good ${record.endpoints.good.source ?? "not needed"}, bad ${record.endpoints.bad.source})`,
      value: endpointRuns,
      unit: "runs",
      target: "= 0",
      ok: endpointRuns === 0,
    },
  ];
}
