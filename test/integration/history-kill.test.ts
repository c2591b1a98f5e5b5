/**
 * A report killed at random moments leaves the history whole: the built `matrix report` (dist/,
 * as installed) adds a run and merges another machine's 120 nights into a history of 365 nights
 * x 40 cells, and is SIGKILLed at random points of its work. After every kill each night file
 * parses, the index lists only nights whose files are whole, every night there before is byte
 * for byte what it was, and the next report, left to finish, records every night exactly once.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeJsonAtomic } from "../../src/adapters/fs.js";
import {
  historyIndexSchema,
  historyNightSchema,
  indexEntryOf,
} from "../../src/core/history/history-record.js";
import { isLeftoverTemp } from "../../src/core/history/record-names.js";
import { makeSyntheticHistory } from "../support/synthetic-history.js";

const repo = resolve(import.meta.dirname, "../..");
const bin = join(repo, "dist", "bin.js");
const RUN = "20270101-020000-beef";
let root: string;

beforeAll(async () => {
  await execa("npm", ["run", "build"], { cwd: repo });
  root = await mkdtemp(join(tmpdir(), "matrix-kill-"));
  const history = join(root, "reports", "history");
  const own = makeSyntheticHistory(365, 40, 1);
  for (const night of own) await writeJsonAtomic(join(history, `${night.run}.json`), night);
  await writeJsonAtomic(join(history, "index.json"), { version: 1, keep: null, runs: own.map(indexEntryOf) });
  // Another machine: 120 nights of its own a year later, with other run ids.
  const other = makeSyntheticHistory(485, 40, 2).slice(365);
  for (const night of other) await writeJsonAtomic(join(root, "other", `${night.run}.json`), night);
  await writeRun(join(root, "reports", RUN));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** A night split over runners: results only, plus the manifest, no summary. */
async function writeRun(dir: string) {
  const variants = ["pinned", "latest-peft", "upstream-peft"];
  await writeJsonAtomic(join(dir, "manifest.json"), {
    version: 1,
    run: RUN,
    created: "2027-01-01T02:00:00.000Z",
    matrix: { file: "matrix.yml", name: "synthetic" },
    source: { kind: "requirements", path: "requirements.txt" },
    variants: variants.map((name) => ({
      name,
      kind: name === "pinned" ? "pinned" : name.startsWith("latest") ? "latest" : "upstream",
      moves: name === "pinned" ? [] : ["peft"],
      requirements: `variants/${name}/requirements.txt`,
      overrides: null,
      packages: {
        peft:
          name === "pinned"
            ? { source: "pinned", requirement: "peft==0.13.0" }
            : { source: "latest", version: "0.14.0" },
      },
      unresolved: [],
    })),
    skipped: [],
  });
  for (const variant of variants)
    await writeJsonAtomic(join(dir, "results", `${variant}--lora-smoke.json`), {
      variant,
      job: "lora-smoke",
      status: variant === "pinned" ? "pass" : "fail",
      installed: { peft: variant === "pinned" ? "0.13.0" : "0.14.0" },
      seconds: 30,
      attempts: 1,
      metrics: {
        steps: [
          { step: 0, loss: 3 },
          { step: 1, loss: 1 },
        ],
        summary: {},
      },
      failure:
        variant === "pinned"
          ? null
          : { kind: "exception", signature: "TypeError: boom", excerpt: "Traceback", blame: "peft" },
    });
}

const report = () =>
  execa(
    "node",
    [bin, "report", "--reports", "reports", "--run", `reports/${RUN}`, "--merge", "other", "--json"],
    {
      cwd: root,
      reject: false,
    },
  );

/** Resolves once the history holds more than `count` files, or the child has ended. */
async function waitForNewFile(count: number, child: { exitCode: number | null }): Promise<void> {
  const dir = join(root, "reports", "history");
  while (child.exitCode === null) {
    // A whole night, renamed into place: a temp file alone is not yet part of the merge written.
    const names = (await readdir(dir)).filter((n) => !n.startsWith(".") && !isLeftoverTemp(n));
    if (names.length > count) return;
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Every file of the history as text, by name. Temp files are left out: write-file-atomic's
 * `<night>.json.<n>` is torn whenever the kill lands mid-write, and no reader ever reads one
 * (the history store's `isLeftoverTemp`); counting them made this test fail at random.
 */
async function snapshot(): Promise<Map<string, string>> {
  const dir = join(root, "reports", "history");
  const names = (await readdir(dir)).filter((n) => !n.startsWith(".") && !isLeftoverTemp(n));
  return new Map(
    await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), "utf8")] as [string, string])),
  );
}

/** The history as `before` had it: nights added since removed, the index written back. */
async function restore(before: Map<string, string>, now: Map<string, string>) {
  const dir = join(root, "reports", "history");
  for (const name of now.keys()) if (!before.has(name)) await rm(join(dir, name), { force: true });
  await writeFile(join(dir, "index.json"), before.get("index.json") ?? "");
}

function expectWhole(files: Map<string, string>) {
  for (const [name, text] of files) {
    if (name === "index.json") continue;
    expect(historyNightSchema.safeParse(JSON.parse(text)).success, name).toBe(true);
  }
  const index = historyIndexSchema.parse(JSON.parse(files.get("index.json") ?? ""));
  for (const entry of index.runs) expect(files.has(entry.file), `index lists ${entry.file}`).toBe(true);
  expect(new Set(index.runs.map((r) => r.run)).size).toBe(index.runs.length);
}

describe("matrix report killed at random moments", () => {
  it("never leaves a torn night or an index that lies, and the next report finishes the work", async () => {
    const before = await snapshot();
    const started = performance.now();
    const timing = await execa("node", [bin, "report", "--help"], { cwd: root });
    expect(timing.exitCode).toBe(0);
    const startup = performance.now() - started;
    let killedMidway = 0;
    let partial = 0;
    for (let i = 0; i < 12; i++) {
      const child = report();
      if (i % 2 === 0) {
        // Past node's start-up, somewhere in the reading, merging and writing (about a second).
        const delay = startup * 0.8 + Math.random() * 1000;
        await new Promise((r) => setTimeout(r, delay));
      } else {
        // The moment the first merged night lands: a kill in the middle of the writing.
        await waitForNewFile(before.size, child);
      }
      child.kill("SIGKILL");
      const done = await child;
      const now = await snapshot();
      expectWhole(now);
      for (const [name, text] of before) if (name !== "index.json") expect(now.get(name), name).toBe(text);
      if (done.signal !== "SIGKILL") {
        // It finished before the kill: put the history back so the next one has work to do.
        await restore(before, now);
        continue;
      }
      killedMidway++;
      if (now.size > before.size && now.size < before.size + 121) partial++;
    }
    console.info(
      `history-kill: ${killedMidway} of 12 reports killed, ${partial} with part of the merge written`,
    );
    expect(killedMidway, "some reports were killed before they finished").toBeGreaterThan(0);
    expect(partial, "some kills landed with part of the merge written").toBeGreaterThan(0);

    const finished = await report();
    expect(finished.exitCode, finished.stderr).toBe(0);
    const files = await snapshot();
    expectWhole(files);
    const index = historyIndexSchema.parse(JSON.parse(files.get("index.json") ?? ""));
    expect(index.runs).toHaveLength(365 + 120 + 1);
    expect(index.runs.at(-1)?.run).toBe(RUN);
    const night = historyNightSchema.parse(JSON.parse(files.get(`${RUN}.json`) ?? ""));
    expect(night.cells.filter((c) => c.status === "fail").map((c) => c.fingerprint)).toHaveLength(2);
    // Idempotent: the same report again writes no night.
    const again = await report();
    expect(JSON.parse(again.stdout), JSON.stringify(JSON.parse(again.stdout).written)).toMatchObject({
      nights: 486,
      written: [],
    });
    await writeFile(join(root, "done"), "");
  });
});
