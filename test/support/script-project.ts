/**
 * Training repositories that are not (or not only) an installable package, as many fine-tuning
 * setups are: a `train.py` beside a `requirements.txt` (or a PEP 621 `pyproject.toml` with no
 * build system), run as `python train.py` where it lies. The script imports the mini world's
 * made-up packages, trains like minitune and reports metrics to `$MATRIX_METRICS`, plus the
 * folder it ran in.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** `train.py`: imports `helpers` from its own folder (so Python may cache bytecode there). */
const trainPy = (marker: boolean) => `"""A training script run from its own folder: \`python train.py\`."""
import json
import os

import fakedata
import fakeformers

import helpers


def emit(record):
    with open(os.environ["MATRIX_METRICS"], "a") as f:
        f.write(json.dumps(record) + "\\n")

${
  marker
    ? `
# A relative path: it lands wherever the job was started.
with open("ran-here.txt", "a") as f:
    f.write(os.environ["MATRIX_VARIANT"] + " " + os.getcwd() + "\\n")
`
    : ""
}
trainer = fakeformers.Trainer(model={"lr": 0.1}, tokenizer="whitespace", train_dataset=fakedata.load_dataset())
trainer.train(steps=8, on_step=lambda step, loss: emit({"step": step, "loss": helpers.rounded(loss)}))
emit({"cwd": os.getcwd(), "variant": os.environ.get("MATRIX_VARIANT"), "fakeformers": fakeformers.__version__})
`;

const HELPERS_PY = `def rounded(x):\n    return round(x, 6)\n`;

/** The job every script project runs: no `cwd`, so it runs where the project (or requirements) is. */
export const TRAIN_JOB = { run: "python train.py", timeout: "1m", expect: { loss_decreases: 0.5 } };

/** Extra files of a script project (path -> text), e.g. a requirements file or a pyproject. */
export interface ScriptProjectSpec {
  files: Record<string, string>;
  /** Whether train.py writes `ran-here.txt` into its working folder (default true). */
  marker?: boolean;
}

/** Writes `train.py`, `helpers.py` and the given files into `dir`; returns `dir`. */
export async function writeScriptProject(dir: string, spec: ScriptProjectSpec): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "train.py"), trainPy(spec.marker ?? true));
  await writeFile(join(dir, "helpers.py"), HELPERS_PY);
  for (const [path, text] of Object.entries(spec.files)) await writeFile(join(dir, path), text);
  return dir;
}
