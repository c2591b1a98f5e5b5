/**
 * Reads an issue draft (`<run>/issues/<fingerprint>.md`, `dashboard.md`): line 1 `# <title>`, a
 * blank line, then the body with its hidden markers. The drafts are written (and redacted) by the
 * night; filing only reads them. Pure: the caller reads the file.
 */
import { markersOf } from "./issue-markers.js";

/** A draft as read: null title when line 1 is not a `# ` heading. */
export interface ReadDraft {
  title: string | null;
  body: string;
  fingerprint: string | null;
  cell: string | null;
  dashboard: boolean;
}

/** The title, body and markers of a draft's text (`\r\n` read as `\n`). */
export function readDraft(text: string): ReadDraft {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const heading = /^#\s+(.+?)\s*$/.exec(lines[0] ?? "");
  const title = heading?.[1] ?? null;
  // Without a heading the whole text is body, so a malformed draft loses nothing when reported.
  const rest = title === null ? lines : lines.slice(1);
  const body = `${rest.join("\n").replace(/^\n+/, "").trimEnd()}\n`;
  const markers = markersOf(body);
  return { title, body, fingerprint: markers.fingerprint, cell: markers.cell, dashboard: markers.dashboard };
}
