/** The human text of `matrix init`: what was read, what is tracked, the lock and extras, what to run next. */
import type { InitPackage } from "../core/init/render-matrix-file.js";
import type { LockFacts } from "../engine/project/write-lock.js";

/** What init wrote, as `--json` prints it. */
export interface InitResult {
  matrix: string;
  workflow: string | null;
  /** The pull request workflow (`matrix pr`), written with the nightly one. */
  prWorkflow: string | null;
  requirements: string;
  read: string[];
  /** The lock written with --lock, else null. */
  lock: LockFacts | null;
  /** The pyproject's optional dependency groups and their packages; `chosen` when compiled into the lock. */
  extras: Array<{ extra: string; packages: string[]; chosen: boolean }>;
  packages: InitPackage[];
  /** Training packages other files declare that the pins file lacks, tracked packages built from source. */
  notes: string[];
  /** Variants x jobs the written matrix runs a night (one import smoke job). */
  cells: number;
}

/** Human text: what was read, each tracked package and its repository, what to run next. */
export function formatInit(result: InitResult): string {
  const lines = [`read ${result.read.join(", ")}; pins from ${result.requirements}`];
  if (!result.packages.length)
    lines.push("no Hugging Face training packages found; add some with --track NAME");
  for (const p of result.packages)
    lines.push(`  track ${p.name}: ${p.repo ?? `no upstream variants (${p.note ?? "no repository found"})`}`);
  for (const group of result.extras)
    lines.push(
      `  extra ${group.extra}: ${group.packages.join(", ") || "no packages"}${group.chosen ? " (locked: trackable, installed in every variant)" : ""}`,
    );
  if (result.extras.length && !result.lock)
    lines.push(
      "  (matrix init --lock --extras NAME,... compiles extras into the lock: their packages become trackable)",
    );
  for (const note of result.notes) lines.push(`  note: ${note}`);
  lines.push(
    `plan: ${result.cells} cells a night (pinned, one latest per tracked package, latest-all, upstream ones), each one environment plus the import smoke`,
  );
  const written = [result.matrix, result.workflow, result.prWorkflow].filter(Boolean);
  lines.push(`wrote ${written.join(", ")}`);
  lines.push("next: matrix doctor (what this machine can do), then matrix nightly");
  return lines.join("\n");
}
