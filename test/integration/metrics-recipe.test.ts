/**
 * docs/metrics-recipe.md's sitecustomize.py, as the page has it, in a real Python: a wrapper
 * script builds a trainer that takes callbacks (a stand-in for transformers' Trainer, laid out as
 * transformers is: `transformers.trainer`, `transformers.trainer_callback`) and never mentions
 * matrix; with the job's `PYTHONPATH` and `$MATRIX_METRICS` set, the metrics lines appear, and
 * without `$MATRIX_METRICS` nothing is registered.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMetrics } from "../../src/core/results/parse-metrics.js";

const repo = resolve(import.meta.dirname, "../..");
let dir: string;

const TRAINER = `from transformers.trainer_callback import TrainerCallback


class State:
    def __init__(self):
        self.global_step = 0
        self.is_world_process_zero = True


class Trainer:
    def __init__(self, losses, callbacks=None):
        self.losses = losses
        self.callbacks = list(callbacks or [])

    def add_callback(self, callback):
        self.callbacks.append(callback)

    def train(self):
        state = State()
        for loss in self.losses:
            state.global_step += 1
            for c in self.callbacks:
                c.on_log(None, state, None, logs={"loss": loss})
        for c in self.callbacks:
            c.on_train_end(None, state, None)
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "metrics-recipe-"));
  const page = await readFile(join(repo, "docs", "metrics-recipe.md"), "utf8");
  const code = /```python\n([\s\S]*?)```/.exec(page)?.[1] ?? "";
  await mkdir(join(dir, ".matrix"));
  await writeFile(join(dir, ".matrix", "sitecustomize.py"), code);
  await mkdir(join(dir, "transformers"));
  await writeFile(join(dir, "transformers", "__init__.py"), "");
  await writeFile(join(dir, "transformers", "trainer_callback.py"), "class TrainerCallback:\n    pass\n");
  await writeFile(join(dir, "transformers", "trainer.py"), TRAINER);
  await writeFile(
    join(dir, "wrapper.py"),
    "from transformers.trainer import Trainer\n\nTrainer([2.0, 1.5, 1.2, 1.0]).train()\n",
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the metrics recipe", () => {
  it("registers the callback on a trainer the wrapper builds, only inside a matrix job", async () => {
    const metrics = join(dir, "metrics.jsonl");
    const run = await execa("python3", ["wrapper.py"], {
      cwd: dir,
      env: { PYTHONPATH: ".matrix", MATRIX_METRICS: metrics },
      reject: false,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const parsed = parseMetrics(await readFile(metrics, "utf8"));
    expect(parsed.steps).toEqual([
      { step: 1, loss: 2 },
      { step: 2, loss: 1.5 },
      { step: 3, loss: 1.2 },
      { step: 4, loss: 1 },
    ]);
    expect(parsed.summary).toMatchObject({ train_steps: 4, peak_memory_mb: expect.any(Number) });

    const before = await readFile(metrics, "utf8");
    const outside = await execa("python3", ["wrapper.py"], {
      cwd: dir,
      env: { PYTHONPATH: ".matrix", MATRIX_METRICS: "" },
      reject: false,
    });
    expect(outside.exitCode, outside.stderr).toBe(0);
    expect(await readFile(metrics, "utf8")).toBe(before);
  });
});
