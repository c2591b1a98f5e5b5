/**
 * The draft file, `<run>/issues/<fingerprint>.md`, shared by the writer and the filer: line 1 is
 * `# <title>`, then a blank line, then the body exactly as it is to be posted, its hidden markers
 * last (`<!-- matrix:fingerprint=... -->`, `<!-- matrix:cell=VARIANT/JOB -->`; the dashboard has
 * `<!-- matrix:dashboard -->` instead). The labels travel in `<!-- matrix:labels=a,b -->`.
 */
import { markersOf } from "./issue-markers.js";

/** What a draft file holds. */
export interface ParsedDraft {
  title: string;
  body: string;
  /** The breakage's fingerprint; null for the dashboard (or a file without the marker). */
  fingerprint: string | null;
  /** The cell the draft was written for; null without the marker. */
  cell: { variant: string; job: string } | null;
  labels: string[];
  /** True for the dashboard's body. */
  dashboard: boolean;
}

/** The labels marker for a body. */
export function labelsMarker(labels: string[]): string {
  return `<!-- matrix:labels=${labels.join(",")} -->`;
}

/** The text of a draft file. */
export function renderDraft(draft: { title: string; body: string }): string {
  return `# ${draft.title.replace(/\s+/g, " ").trim()}\n\n${draft.body.replace(/\n*$/, "\n")}`;
}

/** Reads a draft file back; an error when line 1 is not `# <title>`. */
export function parseDraft(text: string): ParsedDraft {
  const normalized = text.replace(/\r\n/g, "\n");
  const newline = normalized.indexOf("\n");
  const first = newline === -1 ? normalized : normalized.slice(0, newline);
  if (!first.startsWith("# ")) throw new Error("not an issue draft: line 1 must be `# <title>`");
  const body = newline === -1 ? "" : normalized.slice(newline + 1).replace(/^\n/, "");
  // The same marker reader as the filer's, so a draft means to both what it says.
  const markers = markersOf(body);
  const cell = markers.cell;
  const slash = cell?.indexOf("/") ?? -1;
  return {
    title: first.slice(2).trim(),
    body,
    fingerprint: markers.fingerprint,
    cell: cell !== null && slash > 0 ? { variant: cell.slice(0, slash), job: cell.slice(slash + 1) } : null,
    labels: markers.labels,
    dashboard: markers.dashboard,
  };
}
