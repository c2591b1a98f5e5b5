/**
 * The upstream view as static HTML, drawn beside the usual dashboard when the history holds more
 * than one project (`matrix report --merge` over several projects' histories): one row per
 * upstream change, newest first, one column per project. Every text is escaped; links are only
 * the http(s) URLs the bisects and pull request records recorded. Pure.
 */
import type { UpstreamRow, UpstreamView } from "./upstream-view.js";

/** Rows drawn at most; older changes are counted, not drawn (a year of nightly SHAs is long). */
export const UPSTREAM_ROWS = 200;

const esc = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

function changeCell(row: UpstreamRow): string {
  const ref = row.kind === "release" ? row.ref : row.ref.slice(0, 12);
  const title = row.title ? ` ${esc(row.title)}` : "";
  const link =
    row.url && /^https?:\/\//.test(row.url)
      ? ` <a href="${esc(row.url)}" rel="noopener">${row.pr !== null ? `PR #${row.pr}` : "link"}</a>`
      : "";
  // A pull request is named by its number (linked when it is on GitHub), its head SHA after it.
  const what =
    row.kind === "pull-request"
      ? `pull request${row.pr !== null && !link ? ` #${row.pr}` : ""}${link} head`
      : row.kind;
  return `<code>${esc(row.package)}</code> ${what} <code title="${esc(row.ref)}">${esc(ref)}</code>${title}${row.kind === "pull-request" ? "" : link}`;
}

/** The section, or "" when the history holds one project only (the usual page says it all). */
export function renderUpstreamPanel(view: UpstreamView): string {
  if (view.projects.length < 2) return "";
  const head = `<tr><th>upstream change</th><th>first seen</th>${view.projects.map((p) => `<th>${esc(p)}</th>`).join("")}</tr>`;
  const rows = view.rows.slice(0, UPSTREAM_ROWS).map((row) => {
    const cells = view.projects.map((p) => {
      const effect = row.effects[p] ?? "unknown";
      return `<td class="up up-${effect}" data-project="${esc(p)}">${effect}</td>`;
    });
    const kind =
      row.kind === "pull-request"
        ? ` data-kind="pull-request"${row.pr !== null ? ` data-pr="${row.pr}"` : ""}`
        : "";
    return `<tr data-package="${esc(row.package)}" data-ref="${esc(row.ref)}"${kind}><td>${changeCell(row)}</td><td>${esc(row.first.slice(0, 10))}</td>${cells.join("")}</tr>`;
  });
  const more =
    view.rows.length > UPSTREAM_ROWS
      ? `<p class="muted">${view.rows.length - UPSTREAM_ROWS} older changes not drawn.</p>`
      : "";
  return `<section id="upstream"><h2>Upstream changes across ${view.projects.length} projects</h2><div class="gridwrap"><table class="upstream" id="upstream-table">${head}${rows.join("")}</table></div>${more}</section>`;
}
