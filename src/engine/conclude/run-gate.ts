/**
 * The gate over a night's summary, as `matrix gate` and the end of `matrix nightly` run it: the
 * matrix file's `expected:` entries applied as of now (to the regressions as explained, so an
 * interaction's fingerprint counts), the verdict, `gate.json` in the run folder, and in GitHub
 * Actions the job summary, annotations on the culprit's pin line, and the step outputs.
 */
import { relative } from "node:path";
import {
  type AnnotationPlace,
  annotate,
  inActions,
  setStepOutputs,
  writeStepSummary,
} from "../../adapters/actions.js";
import { writeRedactedJson } from "../../adapters/fs.js";
import { loadRequirementsTree } from "../../adapters/requirements-files.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { decideGate, type GateDecision, type GateFinding } from "../../core/gate/decide-gate.js";
import { cellsOf, gateSummarySchema } from "../../core/gate/gate-summary.js";
import { renderGate } from "../../core/gate/render-gate.js";
import { gateJobNames } from "../../core/knobs/knob-jobs.js";
import type { Matrix } from "../../core/matrix/model.js";
import { locateRequirement } from "../../core/requirements/requirements-tree.js";
import { type ExpectedReport, markExpected } from "../../core/triage/mark-expected.js";

/** What the gate needs beyond the summary. */
export interface RunGateOptions {
  /** The matrix file: `gate.block_on`, `expected:`, its jobs, and where the requirements are. */
  matrix: Matrix;
  /** Where `gate.json` goes; none written without it. */
  layout?: RunLayout | null;
  now?: Date;
  env?: NodeJS.ProcessEnv;
}

/** The verdict, the summary with tonight's expected marks, and the Markdown table. */
export interface GateOutcome<S> {
  decision: GateDecision;
  /** The summary given, its blockers and regressions marked again and `expected` as of now. */
  summary: S & { expected: ExpectedReport };
  markdown: string;
  /** 1 when the release is blocked, else 0: what the command exits with. */
  exitCode: 0 | 1;
}

/** Decides, records and (in Actions) reports the gate of `summary` (summary.json's content). */
export async function runGate<S extends object>(summary: S, opts: RunGateOptions): Promise<GateOutcome<S>> {
  const env = opts.env ?? process.env;
  const read = gateSummarySchema.parse(summary);
  const remarked = markExpected(
    { regressions: read.regressions, blockers: read.blockers, results: cellsOf(read) },
    opts.matrix.expected,
    opts.now ?? new Date(),
  );
  // Parsed again: marking keeps every field, and the loose types say so only after a parse.
  const night = gateSummarySchema.parse({ ...read, ...remarked });
  const decision = decideGate(night, {
    blockOn: opts.matrix.gate.blockOn.map((s) => s.text),
    jobs: gateJobNames(
      opts.matrix.jobs,
      cellsOf(night).map((c) => c.job),
    ),
  });
  const markdown = renderGate(night, decision);
  if (opts.layout)
    await writeRedactedJson(gatePathOf(opts.layout), { run: night.run ?? null, ...decision }, env);
  if (inActions(env)) await reportInActions(decision, markdown, opts.matrix, env);
  // Marking copies each record with every field it had, so the summary keeps its own shape.
  const marked = {
    ...summary,
    blockers: night.blockers,
    regressions: night.regressions,
    expected: remarked.expected,
  };
  return {
    decision,
    summary: marked as S & { expected: ExpectedReport },
    markdown,
    exitCode: decision.blocked ? 1 : 0,
  };
}

/** `<run>/gate.json`: the verdict as the night (or a later `matrix gate`) decided it. */
export function gatePathOf(layout: RunLayout): string {
  return `${layout.dir}/gate.json`;
}

async function reportInActions(
  decision: GateDecision,
  markdown: string,
  matrix: Matrix,
  env: NodeJS.ProcessEnv,
) {
  await writeStepSummary(markdown, env);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const pins = await pinLinesOf(matrix);
  const placeOf = (f: GateFinding): AnnotationPlace | null => {
    const pin = f.culprits.map((c) => pins.get(c)).find((p) => p !== undefined);
    return pin ? { file: relative(workspace, pin.file), line: pin.line } : null;
  };
  for (const f of decision.blockers)
    annotate("error", f.message, { title: "release blocked", place: placeOf(f) });
  for (const f of decision.warnings) {
    const title = f.kind === "flaky" ? "flaky under pinned" : "upstream breakage";
    annotate("warning", f.message, { title, place: placeOf(f) });
  }
  const file = relative(workspace, matrix.file);
  for (const e of decision.entries.expired) {
    annotate(
      "warning",
      `expected[${e.entry}] expired after ${e.until}: ${e.reason} (fix it, or extend until)`,
      {
        title: "expected failure expired",
        place: { file, line: e.line },
      },
    );
  }
  for (const e of decision.entries.stale) {
    annotate(
      "warning",
      `expected[${e.entry}] matched nothing tonight: the breakage is gone (remove the entry)`,
      {
        title: "expected failure stale",
        place: { file, line: e.line },
      },
    );
  }
  const regressions = decision.warnings.filter((f) => f.kind === "broken" || f.kind === "unsatisfiable");
  setStepOutputs(
    {
      gate: decision.gate,
      blockers: String(decision.blockers.length),
      regressions: String(regressions.length),
    },
    env,
  );
}

/**
 * Each tracked package's first pin line, for annotations on the diff that moved it. Without a
 * readable requirements file the annotations go without a place, never the gate without a verdict.
 */
async function pinLinesOf(matrix: Matrix): Promise<Map<string, { file: string; line: number }>> {
  const lines = new Map<string, { file: string; line: number }>();
  const tree = await loadRequirementsTree(matrix.project.requirements).catch(() => null);
  if (tree === null) return lines;
  for (const pkg of matrix.packages) {
    const [first] = locateRequirement(tree, pkg.name);
    if (first) lines.set(pkg.name, { file: first.file, line: first.pin.line });
  }
  return lines;
}
