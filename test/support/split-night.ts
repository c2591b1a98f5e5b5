/**
 * A night split over runners, played on one machine as the nightly workflow runs it: the plan
 * job (`plan --github --run`, `variants`), one `run` job per cell, the find-bisects job (with the
 * previous night's history artifact in `reports/history/`), one `bisect` job per planned bisect,
 * and the collecting job (`conclude`), each in a runner folder of its own under
 * `<root>/split/<id>/`, artifacts handed on as folder copies under `<root>/artifacts/<id>/` and
 * merged as download-artifact merges them. The runners share one cache, as runners with a
 * persistent `MATRIX_CACHE` do.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { CliResult } from "./run-cli.js";
import { download, runStep, upload } from "./workflow-runners.js";

/** Which night to play, where. */
export interface SplitNight {
  /** The world's folder: runners go under `split/`, artifacts under `artifacts/`. */
  root: string;
  matrix: string;
  /** The run id (the run folder's name on every runner). */
  id: string;
  /** The run id of the night before, whose history artifact is downloaded; null on the first. */
  previous: string | null;
}

function failed(step: string, result: CliResult): never {
  throw new Error(`${step} exited ${result.exitCode}: ${result.stderr}`);
}

/**
 * One night as the workflow's jobs run it: returns the conclude runner's run folder, and how many
 * cells and bisects were planned. Every step must exit 0 (conclude: 0 or 1, the gate's answer).
 */
export async function playSplitNight(
  night: SplitNight,
): Promise<{ run: string; bisects: number; cells: number }> {
  const { root, matrix, id } = night;
  const store = join(root, "artifacts", id);
  const runner = async (name: string) => {
    const dir = join(root, "split", id, name);
    await mkdir(dir, { recursive: true });
    return { dir, run: join(dir, "reports", id), env: { MATRIX_CACHE: join(root, "split", "cache") } };
  };
  const history = async (dir: string) => {
    if (night.previous)
      await download(join(root, "artifacts", night.previous), join(dir, "reports"), { name: "history" });
  };
  const plan = await runner("plan");
  const planned = await runStep(["plan", "--github", "-m", matrix, "--run", plan.run], plan.dir, plan.env);
  if (planned.exitCode !== 0) failed("planned", planned);
  const variants = await runStep(["variants", "-m", matrix, "--run", plan.run], plan.dir, plan.env);
  if (variants.exitCode !== 0) failed("variants", variants);
  await upload(store, "manifest", plan.run, ["."]);
  const cells: Array<{ variant: string; job: string; knobs?: string }> = JSON.parse(planned.stdout).include;
  for (const cell of cells) {
    const job = await runner(`run-${cell.variant}--${cell.job}`);
    await download(store, job.run, { name: "manifest" });
    const args = ["run", "-m", matrix, "--run", job.run, "--variant", cell.variant, "--job", cell.job];
    const ran = await runStep([...args, ...(cell.knobs ? ["--knobs", cell.knobs] : [])], job.dir, job.env);
    if (ran.exitCode !== 0) failed("ran", ran);
    await upload(store, `cell-${cell.variant}--${cell.job}`, job.run, ["results", "logs"]);
  }
  const find = await runner("find-bisects");
  await download(store, find.run, { name: "manifest" });
  await download(store, find.run, { prefix: "cell-" });
  await history(find.dir);
  const found = await runStep(
    ["plan", "--bisects", "--github", "-m", matrix, "--run", find.run],
    find.dir,
    find.env,
  );
  if (found.exitCode !== 0) failed("found", found);
  const bisects: Array<Record<string, string>> = JSON.parse(found.stdout).include;
  for (const cell of bisects) {
    const job = await runner(`bisect-${cell.package}--${cell.job}`);
    await download(store, job.run, { name: "manifest" });
    await download(store, job.run, { prefix: "cell-" });
    const args = ["--package", cell.package, "--job", cell.job, "--variant", cell.base, "--bad", cell.bad];
    const bisect = await runStep(
      ["bisect", "-m", matrix, "--run", job.run, ...(args as string[])],
      job.dir,
      job.env,
    );
    if (bisect.exitCode !== 0) failed("bisect", bisect);
    await upload(store, `bisect-${cell.package}--${cell.job}`, join(job.run, "bisect"), ["."]);
  }
  const conclude = await runner("conclude");
  await download(store, conclude.run, { name: "manifest" });
  await download(store, conclude.run, { prefix: "cell-" });
  await download(store, join(conclude.run, "bisect"), { prefix: "bisect-" });
  await history(conclude.dir);
  const concluded = await runStep(
    ["conclude", "-m", matrix, "--run", conclude.run],
    conclude.dir,
    conclude.env,
  );
  if (concluded.exitCode > 1) failed("conclude", concluded);
  await upload(store, "history", join(conclude.dir, "reports"), ["history"]);
  return { run: conclude.run, bisects: bisects.length, cells: cells.length };
}
