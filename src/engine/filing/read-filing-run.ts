/**
 * Reads what filing needs from a run folder: the drafts under `issues/` (one per breakage to
 * file, and `dashboard.md`), the breakages and cell results of `summary.json`, and the variants'
 * moves from `manifest.json` (optional: without it, only a cell's own result can close an issue).
 * A draft without its markers is an input error before anything is sent anywhere.
 */
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { z } from "zod";
import { listIfPresent, readInputFile } from "../../adapters/fs.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { parseDraft } from "../../core/issues/draft-file.js";
import type { Breakage, CellOutcome, FilingDraft, VariantMoves } from "../../core/issues/filing-model.js";
import { parseJsonRecord } from "../../core/records/parse-json-record.js";
import { InputError } from "../../errors.js";
import { readManifest } from "../triage/run-records.js";

/** Everything filing reads from one run. */
export interface FilingRun {
  /** The run id (the folder's name). */
  run: string;
  issuesDir: string;
  drafts: FilingDraft[];
  dashboard: { title: string; body: string } | null;
  breakages: Breakage[];
  results: CellOutcome[];
  variants: VariantMoves[] | null;
}

const summarySchema = z.looseObject({
  regressions: z.array(
    z.looseObject({
      variant: z.string(),
      job: z.string(),
      fingerprint: z.string(),
      culprits: z.array(z.string()).default([]),
      bisect: z
        .looseObject({
          package: z.string(),
          status: z.string(),
          first_bad: z.string().nullable().optional(),
          title: z.string().nullable().optional(),
        })
        .optional(),
    }),
  ),
  results: z.array(
    z.looseObject({
      variant: z.string(),
      job: z.string(),
      status: z.string(),
      probe_of: z.string().optional(),
    }),
  ),
});

/** Reads the run at `layout`; missing or malformed records are input errors naming the file. */
export async function readFilingRun(layout: RunLayout): Promise<FilingRun> {
  const text = await readInputFile(
    layout.summary,
    "run summary (run `matrix nightly` first, or pass --run DIR)",
  );
  const summary = parseJsonRecord(text, layout.summary, summarySchema, {
    what: "a run summary",
    fix: "pick another --run",
  });
  const breakages: Breakage[] = summary.regressions.map((r) => ({
    fingerprint: r.fingerprint,
    variant: r.variant,
    job: r.job,
    culprits: r.culprits,
    bisect: r.bisect
      ? {
          package: r.bisect.package,
          status: r.bisect.status,
          firstBad: r.bisect.first_bad ?? null,
          title: r.bisect.title ?? null,
        }
      : null,
  }));
  // An interaction search's subsets are probes, read only through the search: not cells.
  const results = summary.results
    .filter((r) => r.probe_of === undefined)
    .map((r) => ({ variant: r.variant, job: r.job, status: r.status }));
  const issuesDir = join(layout.dir, "issues");
  const { drafts, dashboard } = await readDrafts(issuesDir);
  return {
    run: basename(layout.dir),
    issuesDir,
    drafts,
    dashboard,
    breakages,
    results,
    variants: await readMoves(layout),
  };
}

async function readDrafts(dir: string): Promise<Pick<FilingRun, "drafts" | "dashboard">> {
  const names = (await listIfPresent(dir)).filter((n) => n.endsWith(".md")).sort();
  const drafts: FilingDraft[] = [];
  let dashboard: FilingRun["dashboard"] = null;
  for (const name of names) {
    const path = join(dir, name);
    const text = await readFile(path, "utf8");
    if (!text.startsWith("# "))
      throw new InputError(`${path}:1:1: a draft starts with "# <title>"; rewrite the draft`);
    const draft = parseDraft(text);
    if (draft.dashboard) {
      dashboard = { title: draft.title, body: draft.body };
    } else if (draft.fingerprint === null || draft.cell === null) {
      const missing =
        draft.fingerprint === null ? "<!-- matrix:fingerprint=FP -->" : "<!-- matrix:cell=VARIANT/JOB -->";
      throw new InputError(
        `${path}:1:1: the draft has no ${missing} line, so its issue could not be found again; rewrite the draft`,
      );
    } else if (!drafts.some((d) => d.fingerprint === draft.fingerprint)) {
      const cell = `${draft.cell.variant}/${draft.cell.job}`;
      drafts.push({ fingerprint: draft.fingerprint, cell, title: draft.title, body: draft.body });
    }
  }
  return { drafts, dashboard };
}

async function readMoves(layout: RunLayout): Promise<VariantMoves[] | null> {
  // Moves are optional to filing (absent: null); a manifest that is there is read as every reader does.
  const manifest = await readManifest(layout);
  return manifest ? manifest.variants.map((v) => ({ name: v.name, moves: v.moves })) : null;
}
