/**
 * `matrix knobs probe`: each combination the wrapper refuses or heals is run as written (the
 * unhealed merged config) with the wrapper's bypass switch (`knobs.bypass_env`) under the
 * variants the knob cells run under (`knobs.variants`, else all; `--variant` picks). Results go to `<run>/knobs/probe/`, findings to
 * `<run>/knobs/probe.json`: a rule whose bypassed run passes no longer holds there.
 */
import { join } from "node:path";
import { writeRedactedJson } from "../../adapters/fs.js";
import { createProgress } from "../../adapters/progress.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { shellQuote } from "../../core/issues/reproduction-section.js";
import { judgeProbe, type ProbeFinding } from "../../core/knobs/judge-probe.js";
import { knobJobName } from "../../core/knobs/knob-jobs.js";
import type { JobSpec } from "../../core/matrix/model.js";
import { InputError } from "../../errors.js";
import type { MachineFacts } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import { runCells } from "../run/run-cells.js";
import { readOrWriteManifest } from "../run/run-variants.js";
import { knobsDirOf } from "./knob-run.js";
import { judgeKnobs } from "./knob-verdicts.js";

/** Which rules to probe, where. */
export interface ProbeOptions {
  variant?: string[];
  job?: string[];
  workers: number;
}

/** Probes the refused and healed combinations; returns one finding per rule. */
export async function probeKnobs(
  project: Project,
  facts: MachineFacts,
  layout: RunLayout,
  opts: ProbeOptions,
): Promise<ProbeFinding[]> {
  const manifest = await readOrWriteManifest(project, layout);
  const wantedJobs = project.matrix.jobs.filter(
    (j) => j.knobs && (!opts.job?.length || opts.job.includes(j.name)),
  );
  if (wantedJobs.length === 0)
    throw new InputError(
      `${project.matrix.file}:1:1: no job with knobs${opts.job?.length ? ` named ${opts.job.join(", ")}` : ""} to probe`,
    );
  const judged = await judgeKnobs(
    { ...project, matrix: { ...project.matrix, jobs: wantedJobs } },
    facts,
    knobsDirOf(layout),
  );
  const rules = judged.flatMap((j) => j.cells.filter((c) => c.verdict === "refuse" || c.verdict === "heal"));
  // By default, where the knob cells run (`knobs.variants`, the support matrix's columns), else everywhere.
  const columns = wantedJobs.flatMap((j) => j.knobs?.variants ?? manifest.variants.map((v) => v.name));
  const wanted = opts.variant?.length ? opts.variant : columns;
  const unknown = wanted.find((v) => opts.variant?.length && !manifest.variants.some((m) => m.name === v));
  if (unknown)
    throw new InputError(
      `${project.matrix.file}:1:1: no variant "${unknown}" in this run (have: ${manifest.variants.map((v) => v.name).join(", ")})`,
    );
  const variants = manifest.variants.filter((v) => wanted.includes(v.name));
  const jobs: JobSpec[] = rules.map((cell) => {
    const { knobs: _spec, ...base } = wantedJobs.find((j) => j.name === cell.job) as JobSpec;
    return {
      ...base,
      name: knobJobName(cell.job, cell.id),
      // As written, not healed: the bypass must show what the rule protects against.
      run: base.run.replaceAll("{config}", shellQuote(cell.input)),
      env: { ...base.env, ...(_spec?.bypassEnv ?? {}), MATRIX_CONFIG: cell.input },
    };
  });
  const dir = join(knobsDirOf(layout), "probe");
  const results =
    jobs.length === 0
      ? []
      : await runCells({
          project,
          facts,
          layout: { ...layout, results: join(dir, "results"), logs: join(dir, "logs") },
          variants,
          jobs,
          workers: opts.workers,
          progress: createProgress(),
          probeOf: "knobs",
        });
  const findings = rules.map((cell) =>
    judgeProbe(
      cell,
      Object.fromEntries(
        results.filter((r) => r.job === knobJobName(cell.job, cell.id)).map((r) => [r.variant, r.status]),
      ),
    ),
  );
  await writeRedactedJson(join(knobsDirOf(layout), "probe.json"), { run: layout.dir, findings });
  return findings;
}
