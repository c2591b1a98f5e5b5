/**
 * A reports folder with made-up nights for the gate and the digest: a matrix file, the
 * requirements it pins (so annotations have a line to point at), and `reports/<run-id>/` folders
 * whose `summary.json` is built from cells (night-summary.ts), as a night would write it.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Cell, nightSummary, TYPE_ERROR } from "./night-summary.js";

/** The matrix file; `extra` is appended (expected:, gate:, notify:). */
export const matrixText = (extra = "") => `name: gated
project:
  requirements: requirements.txt
packages:
  fakeformers: {}
  fakedata: {}
variants: [pinned, latest-each, latest-all]
jobs:
  smoke: { run: python -m minitune train }
${extra}`;

/** fakeformers pinned on line 2, fakedata on line 3. */
export const REQUIREMENTS = "# the release candidate\nfakeformers==1.0.0\nfakedata==1.0.0\n";

/** A temp folder holding `matrix.yml`, `requirements.txt` and `reports/`. */
export interface GateWorld {
  root: string;
  matrix: string;
  reports: string;
  /** Writes the matrix file with `extra` appended. */
  writeMatrix(extra?: string): Promise<void>;
  /** Writes `reports/<run>/summary.json` for a night of `cells`; returns the run folder. */
  writeNight(run: string, cells: Cell[]): Promise<string>;
  /**
   * Writes a night split over runners: `manifest.json` and one `results/<variant>--<job>.json`
   * per cell, no summary (what the workflow's triage job downloads); returns the run folder.
   */
  writeSplitNight(run: string, cells: Cell[]): Promise<string>;
  close(): Promise<void>;
}

/** Makes the world under a new temp folder whose name starts with `prefix`. */
export async function makeGateWorld(prefix: string): Promise<GateWorld> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const world: GateWorld = {
    root,
    matrix: join(root, "matrix.yml"),
    reports: join(root, "reports"),
    async writeMatrix(extra = "") {
      await writeFile(world.matrix, matrixText(extra));
    },
    async writeNight(run, cells) {
      const dir = join(world.reports, run);
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, "summary.json"),
        `${JSON.stringify(nightSummary(cells, { run }), null, 2)}\n`,
      );
      return dir;
    },
    async writeSplitNight(run, cells) {
      const dir = join(world.reports, run);
      await mkdir(join(dir, "results"), { recursive: true });
      const variants = [...new Set(cells.map((c) => c[0]))].map((name) => {
        const moved = /^(?:latest|upstream)-(.+)$/.exec(name)?.[1];
        const moves = !moved ? [] : moved === "all" ? ["fakeformers", "fakedata"] : [moved];
        const kind = name === "pinned" ? "pinned" : name.split("-")[0];
        const packages = Object.fromEntries(moves.map((p) => [p, { source: "latest", version: "9.9.9" }]));
        const files = { requirements: `variants/${name}/requirements.txt`, overrides: null };
        return { name, kind, moves, ...files, packages, unresolved: [] };
      });
      const manifest = {
        version: 1,
        run,
        created: "2026-03-01T02:00:00Z",
        matrix: { file: "matrix.yml", name: "gated" },
        source: { kind: "requirements", path: "requirements.txt" },
        variants,
        skipped: [],
      };
      await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
      for (const [variant, job, status, blame, signature] of cells) {
        const failure =
          status === "pass"
            ? null
            : { kind: "exception", signature: signature ?? TYPE_ERROR, excerpt: "", blame: blame ?? null };
        const record = {
          variant,
          job,
          status,
          installed: {},
          seconds: 1,
          attempts: 1,
          metrics: { steps: [], summary: {} },
          failure,
        };
        await writeFile(join(dir, "results", `${variant}--${job}.json`), JSON.stringify(record));
      }
      return dir;
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
  await writeFile(join(root, "requirements.txt"), REQUIREMENTS);
  await world.writeMatrix();
  return world;
}
