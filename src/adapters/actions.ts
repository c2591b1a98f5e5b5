/**
 * GitHub Actions, through `@actions/core`: the job summary (`$GITHUB_STEP_SUMMARY`), annotations
 * (`::error file=...,line=...::` on stdout, which the runner turns into marks on the diff) and
 * step outputs (`$GITHUB_OUTPUT`). Stateless; each call reads the environment it is given. The
 * summary and outputs are files the runner publishes, so they are redacted here; annotations go to
 * stdout, which `redacted-streams.ts` redacts with everything else the process prints.
 */
import { error, setOutput, summary, warning } from "@actions/core";
import { collectSecrets, redactText } from "../core/results/redact.js";

/** Where an annotation points: a file relative to the workspace, and a 1-based line. */
export interface AnnotationPlace {
  file: string;
  line: number;
}

/** True inside a GitHub Actions job. */
export function inActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === "true";
}

/**
 * Appends `markdown` to the job summary; false when the step has none. `@actions/core` keeps the
 * summary path of its first write for the life of the process: one process, one step.
 */
export async function writeStepSummary(markdown: string, env = process.env): Promise<boolean> {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  await summary.addRaw(redactText(markdown, collectSecrets(env)), true).write();
  return true;
}

/** An `::error` or `::warning` annotation, on a file's line when one is known. */
export function annotate(
  level: "error" | "warning",
  message: string,
  opts: { title: string; place?: AnnotationPlace | null },
): void {
  const props = {
    title: opts.title,
    ...(opts.place ? { file: opts.place.file, startLine: opts.place.line } : {}),
  };
  if (level === "error") error(message, props);
  else warning(message, props);
}

/** Sets step outputs through `$GITHUB_OUTPUT`; false (and nothing printed) outside a step. */
export function setStepOutputs(outputs: Record<string, string>, env = process.env): boolean {
  if (!env.GITHUB_OUTPUT) return false;
  const secrets = collectSecrets(env);
  for (const [name, value] of Object.entries(outputs)) setOutput(name, redactText(value, secrets));
  return true;
}
