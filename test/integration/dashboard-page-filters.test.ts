/**
 * The page script's interactions in headless Chromium on the hand-made nights of
 * test/support/dashboard-nights.ts: a cell's detail panel, the three filters (what they keep in
 * the grid, the cards, the coverage and the trends), the trends' line styles, and the
 * `#breakage=<fp>` deep link, on load and on a hash change.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type WatchedPage } from "../support/chromium.js";
import { openNightsPage, runOf } from "../support/dashboard-nights.js";

let dir: string;
let browser: Browser;
let watched: WatchedPage;
let page: Page;
const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? "").trim();
const texts = (selector: string) => page.locator(selector).allTextContents();
const variantsShown = () => texts("#grid thead tr:nth-child(2) th");
const pick = (n: number, col: number) => page.locator(`#grid td[data-n="${n}"][data-c="${col}"]`).click();
const filter = async (pkg: string, variant: string, status: string) => {
  await page.selectOption("#f-pkg", pkg);
  await page.selectOption("#f-variant", variant);
  await page.selectOption("#f-status", status);
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "matrix-page-filters-"));
  browser = await launchChromium();
  watched = await openNightsPage(browser, dir);
  page = watched.page;
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a picked cell", () => {
  it("shows a failure's versions, signature, excerpt, metrics and log", async () => {
    await pick(2, 5);
    expect(await page.locator("#grid td.sel").getAttribute("data-c")).toBe("5");
    const detail = await text("#detail");
    for (const part of [
      "upstream-peft / lora",
      `2026-03-03 02:00 UTC ${runOf(3)}`,
      "\u2717 fail · breakage peft-1",
      "final loss 2.5 · - s · peak memory -",
      `peft${"a".repeat(12)}`,
      "signature ATypeError: peft-1",
      "excerptTraceback (most recent call last):",
    ])
      expect(detail).toContain(part);
    expect(await page.locator("#detail a", { hasText: "log" }).getAttribute("href")).toBe(
      `../${runOf(3)}/logs/upstream-peft--lora.log`,
    );
  });

  it.each([
    [
      2,
      2,
      "\u2713 pass",
      "final loss 1.5 · 10 s · peak memory 800 MB",
      `../${runOf(3)}/logs/pinned--lora.log`,
    ],
    [0, 1, "\u2717 fail · breakage trl-2", "signature B", `../${runOf(1)}/logs/install-upstream-trl.log`],
    [2, 0, "\u2717 fail · breakage pin-3", "no log: the variant could not be resolved", null],
  ])("night %i, column %i: %s, %s", async (n, col, status, part, log) => {
    await pick(n, col);
    expect(await page.locator("#grid td.sel").count()).toBe(1);
    const detail = await text("#detail");
    expect(detail).toContain(status);
    expect(detail).toContain(part);
    const link = page.locator("#detail a", { hasText: /^log$/ });
    expect(log === null ? await link.count() : await link.getAttribute("href")).toBe(log ?? 0);
  });
});

describe("the filters", () => {
  afterEach(() => filter("", "", ""));

  it("offer every package the variants move or a breakage blames", async () => {
    expect(await texts("#f-pkg option")).toEqual(["all packages", "peft", "pin", "trl"]);
    expect(await texts("#f-variant option")).toEqual([
      "all variants",
      "pinned",
      "upstream-trl",
      "latest-all",
      "latest-peft",
      "upstream-peft",
    ]);
  });

  it("a package keeps pinned, its variants and latest-all, and the cards that blame it", async () => {
    await filter("trl", "", "");
    expect(await variantsShown()).toEqual(["night", "pinned", "upstream-trl", "pinned", "latest-all"]);
    expect(await text("#breakages")).toBe(
      "No breakage among the cells tried on the latest night, but only 3 of 4 cells tried.",
    );
    expect(await text("#count-open")).toBe("0");
    expect(await page.locator("#fixed #b-trl-2").count()).toBe(1);
    expect(await text("#untried summary")).toBe("? Not tried on the latest night (1): latest-all / lora");
  });

  it("broken keeps the columns that failed, installed badly or timed out on some night", async () => {
    await filter("", "", "broken");
    expect(await variantsShown()).toEqual(["night", "pinned", "upstream-trl", "upstream-peft"]);
    expect(await page.locator("#grid tbody tr").count()).toBe(3);
    expect(await page.locator("#breakages article").count()).toBe(2);
  });

  it("a status keeps only the nights that have it, and the cards of that status", async () => {
    await filter("", "", "unsatisfiable");
    expect(await variantsShown()).toEqual(["night", "latest-all"]);
    expect(await texts("#grid tbody tr th")).toEqual(["2026-03-03 02:00"]);
    expect(await page.locator("article").count()).toBe(0);
    await filter("", "", "timeout");
    expect(await text("#grid tbody")).toBe("no nights match");
    expect(await text("#trends")).toBe("No metrics reported yet.");
  });

  it("a variant keeps its columns and the breakages it showed", async () => {
    await filter("", "upstream-peft", "");
    expect(await variantsShown()).toEqual(["night", "upstream-peft"]);
    expect(await page.locator("#breakages article").evaluateAll((a) => a.map((e) => e.id))).toEqual([
      "b-peft-1",
    ]);
    expect(await texts("#trends h4")).toEqual([
      "lora · final loss",
      "lora · seconds",
      "lora · peak memory (MB)",
    ]);
  });
});

describe("the trends", () => {
  it("draw each job's metrics: pinned solid, latest dashed, upstream dotted, one point a dot", async () => {
    expect(await texts("#trends h4")).toEqual([
      "dpo · final loss",
      "dpo · seconds",
      "dpo · peak memory (MB)",
      "lora · final loss",
      "lora · seconds",
      "lora · peak memory (MB)",
    ]);
    const loss = page.locator(".trend", { hasText: "lora · final loss" });
    const dashes = await loss
      .locator("path")
      .evaluateAll((ps) => ps.map((p) => p.getAttribute("stroke-dasharray")));
    expect(dashes).toEqual([null, "6 3", "2 2"]);
    expect(await loss.locator("circle title").allTextContents()).toEqual(["latest-peft"]);
    expect(await loss.locator(".keys").textContent()).toBe(
      "\u2501 pinned\u254C latest-all\u254C latest-peft\u2504 upstream-peft",
    );
  });
});

describe("a deep link to a breakage", () => {
  it("marks its card and cells and opens its latest cell, on a hash change too", async () => {
    await page.evaluate("location.hash = '#breakage=trl-2'");
    await page.waitForSelector("#b-trl-2.target");
    expect(await page.locator("#grid td.sel").count()).toBe(1);
    expect(await text("#detail")).toContain("upstream-trl / dpo2026-03-01 02:00 UTC");
    await page.evaluate("location.hash = '#breakage=pin-3'");
    await page.waitForSelector("#b-pin-3.target");
    expect(await page.locator("#grid td.sel").count()).toBe(2);
    expect(await text("#detail")).toContain("pinned / dpo2026-03-03 02:00 UTC");
  });

  it("opens on load", async () => {
    const linked = await openNightsPage(browser, dir, "#breakage=peft-1");
    expect(await linked.page.locator("#b-peft-1.target").count()).toBe(1);
    expect((await linked.page.locator("#detail").textContent()) ?? "").toContain(
      "upstream-peft / lora2026-03-03",
    );
    expect([...watched.errors, ...linked.errors, ...watched.blocked, ...linked.blocked]).toEqual([]);
  });
});
