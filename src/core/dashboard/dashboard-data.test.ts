import { describe, expect, it } from "vitest";
import { cell, night } from "../history/fixtures.js";
import { buildDashboardData, EXCERPT_NIGHTS } from "./dashboard-data.js";
import { inlineJson, renderPage } from "./render-page.js";

const nights = [
  night(1, ["pinned/lora:pass", "upstream-peft/lora:fail:peft-1", "latest-all/lora:flaky"]),
  night(2, ["pinned/lora:pass", "upstream-peft/lora:fail:peft-1", "latest-all/lora:infra-error"]),
  night(3, [
    "pinned/lora:pass",
    cell("upstream-peft/lora:pass", {
      metrics: { final_loss: 1.23456, seconds: 9.87, peak_memory_mb: 801.4, tokens_per_s: null },
    }),
  ]),
];
const data = buildDashboardData(nights, new Date("2026-03-04T00:00:00Z"));

describe("buildDashboardData", () => {
  it("columns: by job, then pinned first, then latest, then upstream", () => {
    expect(data.cols).toEqual([
      ["pinned", "lora"],
      ["latest-all", "lora"],
      ["upstream-peft", "lora"],
    ]);
  });
  it.each([
    [0, "pkf"],
    [1, "pxf"],
    [2, "p-p"],
  ])("night %i reads %s, one letter per column, - where the cell did not run", (n, letters) => {
    expect(data.status[n]).toBe(letters);
  });
  it("stores each signature and fingerprint once, however many nights show it", () => {
    expect(data.sigs).toEqual(["TypeError: peft-1"]);
    expect(data.fps).toEqual(["peft-1"]);
    expect(data.fails[0]).toContainEqual([2, 0, 0, 0, -2]);
    expect(data.fails[1]).toContainEqual([2, 0, 0, 0, -2]);
  });
  it.each([
    ["the usual log of the job", "logs/upstream-peft--lora.log", -1, null],
    ["the variant's install log", "logs/upstream-peft--install.log", 1, "logs/upstream-peft--install.log"],
    ["a retry's log", "logs/upstream-peft--lora.retry-1.log", 1, "logs/upstream-peft--lora.retry-1.log"],
    ["no log at all", null, -2, null],
  ])("points a failing cell at %s", (_, file, ref, text) => {
    const run = night(1, []).run;
    const one = [night(1, [cell("upstream-peft/lora:fail:peft-1", { log: file ? `${run}/${file}` : null })])];
    const built = buildDashboardData(one, new Date());
    const entry = built.fails[0]?.[0];
    expect(entry?.[4]).toBe(ref);
    // Only the unusual names are stored; the usual one and "no log" are not in the table.
    expect(built.texts[entry?.[4] as number] ?? null).toBe(text);
  });
  it("carries excerpts of the recent nights only", () => {
    const many = Array.from({ length: EXCERPT_NIGHTS + 5 }, (_, i) =>
      night(i + 1, [cell("upstream-peft/lora:fail:peft-1", { excerpt: `Traceback night ${i}` })]),
    );
    const big = buildDashboardData(many, new Date());
    expect(big.texts).toHaveLength(EXCERPT_NIGHTS);
    expect(big.fails[0]?.[0]?.[3]).toBe(-1);
    expect(big.fails.at(-1)?.[0]?.[3]).toBe(EXCERPT_NIGHTS - 1);
  });

  it("keeps rounded metrics per column, null for a night without the cell", () => {
    expect(data.metrics[2]?.[0]).toEqual([1.5, 1.5, 1.2346]);
    expect(data.metrics[1]?.[2]).toEqual([800, 800, null]);
  });
  it("draws seconds of passing nights only: a crash's seconds are no speed-up", () => {
    expect(data.metrics[0]?.[1]).toEqual([10, 10, 10]);
    expect(data.metrics[2]?.[1]).toEqual([null, null, 9.9]);
    // flaky, then infra-error: neither is a passing night's time.
    expect(data.metrics[1]?.[1]).toEqual([null, null, null]);
  });
  it("lists the breakage with its lifecycle", () => {
    expect(data.breakages).toEqual([
      expect.objectContaining({ fingerprint: "peft-1", state: "fixed", nights_red: 2 }),
    ]);
  });
});

describe("renderPage", () => {
  it.each(["</script><script>alert(1)</script>", "a\u2028b", "<!--"])(
    "inlined data cannot end the script: %s",
    (text) => {
      const json = inlineJson({ text });
      expect(json).not.toMatch(/<|\u2028/);
      expect(JSON.parse(json)).toEqual({ text });
    },
  );
  it.each([
    ['var s = "</script><b>";', 'var s = "<\\/script><b>";'],
    ["var r = /</SCRIPT>/;", "var r = /<\\/SCRIPT>/;"],
    ["var plain = 1;", "var plain = 1;"],
  ])("inlines the page script it is given, unable to end its element: %s", (script, inlined) => {
    const page = renderPage(data, script);
    expect(page).toContain(`<script>${inlined}</script>`);
    expect(page.match(/<\/script>/g)).toHaveLength(2);
  });
  it("is one file: no external script, style, font or image", () => {
    const page = renderPage(data, "void 0;");
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(page).not.toMatch(/@import|url\(/);
    expect(page).toContain("default-src 'none'");
  });
});
