/**
 * The grid of nights x (variant, job), newest night first, drawn as one string of HTML (a year
 * of nights x 40 cells is 15 000 cells: one innerHTML is fast, 15 000 createElement calls are
 * not), its legend, and the detail panel of a picked cell: versions, signature, excerpt, log.
 */
import { colVisible, type FilterState, statusMatches } from "./filters.js";
import { byId, esc, minute, short } from "./html.js";
import { hueOf, isLettered, letterAt, type PageModel, SYMBOLS, WORDS } from "./page-model.js";

const sigStyle = (sig: number) => `background:hsl(${hueOf(sig).toFixed(0)},80%,88%)`;

function cellHtml(model: PageModel, state: FilterState, n: number, col: number): string {
  const { data } = model;
  const letter = letterAt(model, n, col);
  const f = model.failAt[n]?.[col];
  const sig = f && f[1] >= 0 && isLettered(letter) ? f[1] : -1;
  const text = (SYMBOLS[letter] ?? "") + (sig >= 0 ? (model.sigLetter[sig] ?? "") : "");
  const style = sig >= 0 && letter !== "k" ? ` style="${sigStyle(sig)}"` : "";
  const selected = f && f[2] >= 0 && data.fps[f[2]] === state.target ? " sel" : "";
  const cls = `s-${letter === "-" ? "m" : letter}${selected}`;
  return `<td class="${cls}" data-n="${n}" data-c="${col}"${style} title="${esc(WORDS[letter])}">${text}</td>`;
}

/** Draws the grid's visible columns (grouped by job) and the nights that match the filters. */
export function drawGrid(model: PageModel, state: FilterState): void {
  const { data } = model;
  const cols: number[] = [];
  for (let i = 0; i < data.cols.length; i++) if (colVisible(model, state, i)) cols.push(i);
  const jobOf = (g: number) => data.cols[cols[g] ?? -1]?.[1] ?? "";
  let groups = "";
  for (let g = 0; g < cols.length; ) {
    let span = 1;
    while (g + span < cols.length && jobOf(g + span) === jobOf(g)) span++;
    groups += `<th class="job" colspan="${span}">${esc(jobOf(g))}</th>`;
    g += span;
  }
  const heads = cols.map((i) => {
    const [variant, job] = data.cols[i] ?? ["", ""];
    return `<th title="${esc(`${variant} / ${job}`)}"><span>${esc(variant)}</span></th>`;
  });
  const head = `<tr><th class="job"></th>${groups}</tr><tr><th>night</th>${heads.join("")}</tr>`;
  const rows: string[] = [];
  for (let n = data.nights.length - 1; n >= 0; n--) {
    if (state.status && !cols.some((c) => statusMatches(state, letterAt(model, n, c)))) continue;
    const [run, date] = data.nights[n] ?? ["", ""];
    rows.push(
      `<tr><th title="${esc(run)}">${esc(minute(date))}</th>${cols.map((c) => cellHtml(model, state, n, c)).join("")}</tr>`,
    );
  }
  const body = rows.length ? rows.join("") : '<tr><td class="empty">no nights match</td></tr>';
  byId("grid").innerHTML = `<thead>${head}</thead><tbody>${body}</tbody>`;
  const legend = Object.keys(WORDS).map((l) => `<span>${SYMBOLS[l]} ${WORDS[l]}</span>`);
  // The first 12 signatures (by first failure) get a key; the rest read in the detail panel.
  const lettered = model.sigLetter.flatMap((letter, sig) => (letter ? [[sig, letter] as const] : []));
  for (const [sig, letter] of lettered.slice(0, 12)) {
    const first = (data.sigs[sig] ?? "").split("\n")[0]?.slice(0, 110);
    legend.push(`<span style="${sigStyle(sig)}">${letter} <code>${esc(first)}</code></span>`);
  }
  byId("legend").innerHTML = legend.join("");
}

/** Fills the detail panel with night `n`'s cell in column `col`. */
export function showDetail(model: PageModel, n: number, col: number): void {
  const { data } = model;
  const f = model.failAt[n]?.[col];
  const letter = letterAt(model, n, col);
  const [variant, job] = data.cols[col] ?? ["", ""];
  const [run, date] = data.nights[n] ?? ["", ""];
  const vset = data.versions[n]?.[col] ?? -1;
  const versions = vset >= 0 ? (data.vsets[vset] ?? {}) : {};
  const fp = f && f[2] >= 0 ? data.fps[f[2]] : null;
  const rows = Object.entries(versions)
    .map(([p, v]) => `<tr><td>${esc(p)}</td><td title="${esc(v)}"><code>${esc(short(v))}</code></td></tr>`)
    .join("");
  const [loss, seconds, memory] = data.metrics[col] ?? [[], [], []];
  const file = !f || f[4] === -1 ? `logs/${variant}--${job}.log` : f[4] === -2 ? null : data.texts[f[4]];
  const log = file ? `../${run}/${file}` : null;
  const sig = f && f[1] >= 0 ? f[1] : -1;
  byId("detail").innerHTML =
    `<h3>${esc(variant)} / ${esc(job)}</h3>` +
    `<p>${esc(minute(date))} UTC <span class=muted>${esc(run)}</span></p>` +
    `<p><strong>${SYMBOLS[letter]} ${esc(WORDS[letter])}</strong>${fp ? ` &middot; breakage <a href="#breakage=${esc(fp)}">${esc(fp)}</a>` : ""}</p>` +
    `<p>final loss ${esc(loss[n] ?? "-")} &middot; ${seconds[n] == null ? "- s" : `${esc(seconds[n])} s`} &middot; peak memory ${memory[n] == null ? "-" : `${esc(memory[n])} MB`}</p>` +
    (rows ? `<table>${rows}</table>` : "") +
    (sig >= 0 ? `<h4>signature ${model.sigLetter[sig] ?? ""}</h4><pre>${esc(data.sigs[sig])}</pre>` : "") +
    (f && f[3] >= 0 ? `<h4>excerpt</h4><pre>${esc(data.texts[f[3]])}</pre>` : "") +
    (log
      ? `<p><a href="${esc(encodeURI(log))}">log</a> <span class=muted>(beside the run folder)</span></p>`
      : "<p class=muted>no log: the variant could not be resolved</p>");
}
