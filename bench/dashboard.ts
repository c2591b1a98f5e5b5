/**
 * The dashboard at scale (DESIGN.md's Targets: 365 nights x 40 cells drawn in under 300 ms in
 * Chromium). A synthetic year of nights is folded and rendered as `matrix report` does, the page
 * is opened from file:// in headless Chromium (the Debian package, or CHROMIUM_PATH), and the
 * draw time the page itself measures (`matrix-draw`, performance marks from the first line of
 * its script to the last drawn element) is read back; the baseline is the same page with one
 * night, measured in the same run. Median of five loads each.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readPageScript } from "../src/adapters/page-bundle.js";
import { buildDashboardData } from "../src/core/dashboard/dashboard-data.js";
import { renderPage } from "../src/core/dashboard/render-page.js";
import { launchChromium, openOffline } from "../test/support/chromium.js";
import { makeSyntheticHistory } from "../test/support/synthetic-history.js";
import type { Figure } from "./bisect.js";

const CELLS = 40;
const LOADS = 5;
const TARGET_MS = 300;

/** Writes the page for `nights` nights; its size and how long rendering it took in Node. */
async function writePage(
  dir: string,
  nights: number,
): Promise<{ file: string; bytes: number; renderMs: number }> {
  const history = makeSyntheticHistory(nights, CELLS);
  const script = await readPageScript();
  const started = performance.now();
  const page = renderPage(buildDashboardData(history, new Date()), script);
  const renderMs = performance.now() - started;
  const file = join(dir, `dashboard-${nights}.html`);
  await writeFile(file, page);
  return { file, bytes: Buffer.byteLength(page), renderMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Draw times of the year and of one night, their ratio, the page size. */
export async function benchDashboard(scratch: string): Promise<Figure[]> {
  const year = await writePage(scratch, 365);
  const one = await writePage(scratch, 1);
  const browser = await launchChromium();
  const draws: Record<string, number[]> = { year: [], one: [], yearLoad: [] };
  try {
    for (let i = 0; i < LOADS; i++)
      for (const [key, page] of [
        ["one", one],
        ["year", year],
      ] as const) {
        const opened = await openOffline(browser, page.file);
        const ms = Number(await opened.page.locator("body").getAttribute("data-draw-ms"));
        if (opened.errors.length > 0 || opened.blocked.length > 0)
          throw new Error(
            `the dashboard failed in Chromium: ${[...opened.errors, ...opened.blocked].join("; ")}`,
          );
        draws[key]?.push(ms);
        if (key === "year")
          draws.yearLoad?.push(Number(await opened.page.locator("body").getAttribute("data-drawn-at-ms")));
        await opened.page.close();
      }
  } finally {
    await browser.close();
  }
  const yearMs = median(draws.year ?? []);
  const oneMs = median(draws.one ?? []);
  return [
    { name: `dashboard draw, 1 night x ${CELLS} cells (baseline)`, value: round(oneMs), unit: "ms" },
    {
      name: `dashboard draw, 365 nights x ${CELLS} cells`,
      value: round(yearMs),
      unit: "ms",
      target: `< ${TARGET_MS} ms`,
      ok: yearMs < TARGET_MS,
    },
    { name: "365 nights / 1 night draw time", value: yearMs / oneMs, unit: "ratio" },
    {
      name: "365 nights: navigation start to drawn (parse included)",
      value: round(median(draws.yearLoad ?? [])),
      unit: "ms",
    },
    { name: "dashboard page, 365 nights", value: year.bytes, unit: "bytes" },
    { name: "history folded and rendered in node, 365 nights", value: round(year.renderMs), unit: "ms" },
  ];
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
