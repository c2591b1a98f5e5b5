/**
 * The breakage cards, open ones under "Broken now" and fixed ones under "Fixed": state, since
 * when, culprit with its pull request, issue, expected reason, deep link. Under them, the latest
 * night's coverage (a cell is tried when its job ran) and the cells it could not try.
 */
import type { BreakageLife } from "../core/history/breakage-lifecycle.js";
import { colVisible, type FilterState } from "./filters.js";
import { byId, esc, link, short } from "./html.js";
import { letterAt, type PageModel, WORDS } from "./page-model.js";

function cardVisible(state: FilterState, b: BreakageLife): boolean {
  if (state.pkg && !b.packages.includes(state.pkg)) return false;
  if (state.variant && !b.variants.includes(state.variant)) return false;
  if (state.status && state.status !== "broken" && b.status !== state.status) return false;
  return true;
}

function nightLabel(model: PageModel, run: string | null): string {
  const night = model.data.nights.find(([r]) => r === run);
  return night ? `${night[1].slice(0, 10)} (${run})` : (run ?? "");
}

function culpritOf(b: BreakageLife): string {
  const c = b.culprit;
  if (!c) return b.packages.length ? "not bisected" : "unknown";
  if (!c.ref) return `bisect ${esc(c.status)}${c.reason ? `: ${esc(c.reason)}` : ""}`;
  const kind = c.kind === "commits" ? "commit" : c.kind === "releases" ? "release" : "";
  const pr = c.pr ? ` ${link(c.url, `PR #${c.pr}`)}` : c.url ? ` ${link(c.url, "compare")}` : "";
  return (
    `<code>${esc(c.package)}</code> ${esc(kind)} <code>${esc(short(c.ref))}</code>` +
    (c.title ? ` ${esc(c.title)}` : "") +
    pr +
    (c.status !== "found" ? ` [${esc(c.status)}]` : "") +
    (c.with?.length ? ` with ${esc(c.with.join(", "))} moved` : "")
  );
}

function cardHtml(model: PageModel, state: FilterState, b: BreakageLife): string {
  const issue = b.issue;
  const number = issue?.number ?? "?";
  const iss = issue
    ? `${issue.url ? link(issue.url, `${issue.repo ?? ""}#${number}`) : "draft"} (${esc(issue.state)})`
    : "none yet";
  const cls = `card${b.state === "fixed" ? " fixed" : ""}${b.expected ? " expected" : ""}${state.target === b.fingerprint ? " target" : ""}`;
  const nights = `${b.nights_red}${b.nights_red === 1 ? " night" : " nights"}`;
  const back = b.streaks > 1 ? ` (came back ${b.streaks - 1}x)` : "";
  const fixedBy = b.fixed_by
    ? ` at <code>${esc(b.fixed_by.package)} ${esc(short(b.fixed_by.version))}</code>`
    : "";
  const signature = (b.signature || "").split("\n")[0]?.split(" @ ")[0]?.slice(0, 160);
  return (
    `<article class="${cls}" id="b-${esc(b.fingerprint)}"><h3><span class="state state-${esc(b.state)}">${esc(b.state.toUpperCase())}</span>` +
    (b.blocker ? '<span class="state state-new">BLOCKS RELEASE</span>' : "") +
    `<span>${esc(b.packages.length ? b.packages.join(" + ") : "unknown package")} / ${esc(b.job)}</span>` +
    ` <a href="#breakage=${esc(b.fingerprint)}" title="link to this breakage">#</a></h3><dl>` +
    `<dt>variants</dt><dd>${esc(b.variants.join(", "))}</dd>` +
    `<dt>status</dt><dd>${esc(b.status)} <code title="${esc(b.signature)}">${esc(signature)}</code></dd>` +
    `<dt>first seen</dt><dd>${esc(nightLabel(model, b.first_seen))}</dd>` +
    (b.state === "fixed"
      ? `<dt>fixed</dt><dd>${esc(nightLabel(model, b.fixed_in))}${fixedBy}</dd>`
      : `<dt>red since</dt><dd>${esc(nightLabel(model, b.since))}, ${nights}${back}</dd>`) +
    `<dt>culprit</dt><dd>${culpritOf(b)}</dd>` +
    `<dt>issue</dt><dd>${iss}</dd>` +
    (b.expected ? `<dt>expected</dt><dd>${esc(b.expected)}</dd>` : "") +
    "</dl></article>"
  );
}

/** Draws the open and fixed cards that pass the filters, the coverage and the untried cells. */
export function drawCards(model: PageModel, state: FilterState): void {
  const { data } = model;
  const shown = data.breakages.filter((b) => cardVisible(state, b));
  const open = shown.filter((b) => b.state !== "fixed");
  const fixed = shown.filter((b) => b.state === "fixed");
  const last = data.nights.length - 1;
  let planned = 0;
  let tried = 0;
  const untried: Array<[string, string]> = [];
  data.cols.forEach(([variant, job], i) => {
    const l = letterAt(model, last, i);
    if (last < 0 || l === "-" || !colVisible(model, state, i)) return;
    planned++;
    if ("pfkt".includes(l)) tried++;
    if (l !== "x" && l !== "u" && l !== "s") return;
    const f = model.failAt[last]?.[i];
    const why = f && f[3] >= 0 ? `: ${esc((data.texts[f[3]] ?? "").split("\n")[0]?.slice(0, 300))}` : "";
    untried.push([
      `${variant} / ${job}`,
      `<li><code>${esc(variant)} / ${esc(job)}</code> ${esc(WORDS[l])}${why}</li>`,
    ]);
  });
  const coverage = `${tried} of ${planned} cells tried`;
  const none =
    tried === planned
      ? `Nothing is broken on the latest night (${coverage}).`
      : `No breakage among the cells tried on the latest night, but only ${coverage}.`;
  byId("breakages").innerHTML = open.length
    ? open.map((b) => cardHtml(model, state, b)).join("")
    : `<p class="empty">${none}</p>`;
  byId("fixed").innerHTML = fixed.length
    ? fixed.map((b) => cardHtml(model, state, b)).join("")
    : '<p class="empty">No breakage fixed yet.</p>';
  byId("count-open").textContent = String(open.length);
  byId("coverage").textContent = last >= 0 ? `Latest night: ${coverage}.` : "";
  const names = esc(untried.map(([name]) => name).join(", "));
  byId("untried").innerHTML = untried.length
    ? `<details><summary>? Not tried on the latest night (${untried.length}): ${names}</summary><ul>${untried.map(([, li]) => li).join("")}</ul></details>`
    : "";
}
