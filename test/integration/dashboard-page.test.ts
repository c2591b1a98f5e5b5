/**
 * The page script (src/page/, bundled by esbuild as the CLI bundles it) in headless Chromium on
 * three hand-made nights (test/support/dashboard-nights.ts): every thing it draws and every way
 * to narrow it, one assertion each, with no console error and no request leaving the page. The
 * real nights' page (two nightlies, a bisect, an issue) is dashboard-browser.test.ts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type WatchedPage } from "../support/chromium.js";
import { openNightsPage, PEFT_SHA, runOf as run, TRL_FIX } from "../support/dashboard-nights.js";

let dir: string;
let browser: Browser;
let watched: WatchedPage;
let page: Page;
const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? "").trim();
const texts = (selector: string) => page.locator(selector).allTextContents();
const variantsShown = () => texts("#grid thead tr:nth-child(2) th");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "matrix-page-"));
  browser = await launchChromium();
  watched = await openNightsPage(browser, dir);
  page = watched.page;
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the bundled page script", () => {
  it("titles the page and says what it drew", async () => {
    expect(await text("#title")).toBe("tinytune: upstream breakages");
    expect(await text("#meta")).toBe("3 nights, 6 cells a night, drawn 2026-03-04 00:00 UTC");
    expect(Number(await page.locator("body").getAttribute("data-draw-ms"))).toBeGreaterThanOrEqual(0);
  });

  it("draws the open cards, blockers first: state, since when, culprit, issue", async () => {
    expect(await text("#count-open")).toBe("2");
    expect(await page.locator("#breakages article").evaluateAll((a) => a.map((e) => e.id))).toEqual([
      "b-pin-3",
      "b-peft-1",
    ]);
    const pin = await text("#b-pin-3");
    for (const part of ["ONGOING", "BLOCKS RELEASE", "pin / dpo", "2 nights", "acme/tinytune#13 (open)"])
      expect(pin).toContain(part);
    expect(pin).toContain("bisect skipped: pinned variant: nothing to bisect");
    const peft = await text("#b-peft-1");
    expect(peft).toContain("REAPPEARED");
    expect(peft).toContain(`red since2026-03-03 (${run(3)}), 1 night (came back 1x)`);
    expect(peft).toContain(`first seen2026-03-01 (${run(1)})`);
    expect(peft).toContain(
      `peft commit ${PEFT_SHA.slice(0, 12)} Drop tokenizer (#7) PR #7 with accelerate moved`,
    );
    expect(await page.locator("#b-peft-1 a", { hasText: "PR #7" }).getAttribute("href")).toBe(
      "https://github.com/huggingface/peft/pull/7",
    );
    expect(await page.locator("#b-peft-1 a", { hasText: "acme/tinytune#12" }).getAttribute("href")).toBe(
      "https://github.com/acme/tinytune/issues/12",
    );
    // A URL that is not http(s) is shown as text, never linked.
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
  });

  it("draws the fixed card, its expected reason, a draft issue, and HTML in a signature as text", async () => {
    const card = page.locator("#fixed #b-trl-2");
    expect(await card.getAttribute("class")).toBe("card fixed expected");
    const trl = await text("#b-trl-2");
    expect(trl).toContain(`fixed2026-03-02 (${run(2)}) at trl ${TRL_FIX.slice(0, 12)}`);
    expect(trl).toContain("expectedtrl main drops DPOConfig.beta until 0.12");
    expect(trl).toContain("culpritnot bisected");
    expect(trl).toContain("issuedraft (planned)");
    expect(trl).toContain("TypeError: <img src=x onerror=alert(1)> trl-2");
    expect(await page.locator("img").count()).toBe(0);
  });

  it("counts the latest night's coverage and lists the cells it could not try", async () => {
    expect(await text("#coverage")).toBe("Latest night: 4 of 6 cells tried.");
    expect(await text("#untried summary")).toBe(
      "? Not tried on the latest night (2): latest-all / lora, latest-peft / lora",
    );
    expect(await texts("#untried li")).toEqual([
      "latest-all / lora unsatisfiable: Because peft==9.9 needs torch>=9, no version can be installed.",
      "latest-peft / lora stale-upstream",
    ]);
  });

  it("draws the grid newest night first: a symbol per status, a letter per signature", async () => {
    expect(await variantsShown()).toEqual([
      "night",
      "pinned",
      "upstream-trl",
      "pinned",
      "latest-all",
      "latest-peft",
      "upstream-peft",
    ]);
    expect(await texts("#grid thead tr:first-child th.job")).toEqual(["", "dpo", "lora"]);
    expect(await texts("#grid tbody tr th")).toEqual([
      "2026-03-03 02:00",
      "2026-03-02 02:00",
      "2026-03-01 02:00",
    ]);
    expect(await texts("#grid tbody tr:first-child td")).toEqual([
      "\u2717C",
      "\u2713",
      "\u2713",
      "U",
      "S",
      "\u2717A",
    ]);
    expect(await texts("#grid tbody tr:last-child td")).toEqual([
      "\u2713",
      "\u2717B",
      "\u2713",
      "\u2248",
      "\u00B7",
      "\u2717A",
    ]);
    expect(await page.locator("#grid td.s-f[style*=hsl]").count()).toBe(5);
    const legend = await texts("#legend > span");
    expect(legend).toHaveLength(9 + 3);
    expect(legend.slice(9)).toEqual([
      "A TypeError: peft-1",
      "B TypeError: <img src=x onerror=alert(1)> trl-2",
      "C TypeError: pin-3",
    ]);
  });

  it("draws with no console error and no request", () => {
    expect(watched.errors).toEqual([]);
    expect(watched.blocked).toEqual([]);
  });
});
