/**
 * Three hand-made nights for the page script's browser test, chosen so that every thing the page
 * draws shows at least once: a breakage that came back (bisected to a commit with its PR, another
 * package moved with it, an issue), a blocker on pinned (a bisect that ended without a ref, an
 * issue URL that is not http), an expected breakage fixed on the second night (a draft issue, an
 * HTML-looking signature, an install log), a flaky cell, and cells the latest night could not try
 * (unsatisfiable, stale upstream), one of which reported a single loss.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { readPageScript } from "../../src/adapters/page-bundle.js";
import { buildDashboardData } from "../../src/core/dashboard/dashboard-data.js";
import { renderPage } from "../../src/core/dashboard/render-page.js";
import { cell, night } from "../../src/core/history/fixtures.js";
import type { HistoryCell, HistoryNight } from "../../src/core/history/history-record.js";
import { openOffline, type WatchedPage } from "./chromium.js";

const NO_METRICS = { final_loss: null, seconds: null, peak_memory_mb: null, tokens_per_s: null };
const run = (n: number) => night(n, []).run;
export const PEFT_SHA = "c".repeat(40);
export const TRL_FIX = "e".repeat(40);
export const HTML_SIGNATURE = "TypeError: <img src=x onerror=alert(1)> trl-2";

const peftRed = (n: number, extra: Partial<HistoryCell> = {}) =>
  cell("upstream-peft/lora:fail:peft-1", {
    log: `${run(n)}/logs/upstream-peft--lora.log`,
    excerpt: "Traceback (most recent call last):\nTypeError: peft-1",
    metrics: { ...NO_METRICS, final_loss: 2.5 },
    ...extra,
  });
const pinRed = () =>
  cell("pinned/dpo:fail:pin-3", {
    bisect: {
      package: "pin",
      status: "skipped",
      kind: null,
      ref: null,
      title: null,
      pr: null,
      url: null,
      with: [],
      reason: "pinned variant: nothing to bisect",
    },
    issue: { repo: "acme/tinytune", number: 13, url: "javascript:alert(1)", state: "open" },
  });

/** The nights, oldest first (2026-03-01 to 03). */
export function pageNights(): HistoryNight[] {
  return [
    night(1, [
      "pinned/lora:pass",
      "latest-all/lora:flaky",
      peftRed(1, {
        bisect: {
          package: "peft",
          status: "found",
          kind: "commits",
          ref: PEFT_SHA,
          title: "Drop tokenizer (#7)",
          pr: 7,
          url: "https://github.com/huggingface/peft/pull/7",
          with: ["accelerate"],
        },
        issue: {
          repo: "acme/tinytune",
          number: 12,
          url: "https://github.com/acme/tinytune/issues/12",
          state: "open",
        },
      }),
      "pinned/dpo:pass",
      cell("upstream-trl/dpo:fail:trl-2", {
        versions: { trl: "d".repeat(40) },
        signature: HTML_SIGNATURE,
        expected: "trl main drops DPOConfig.beta until 0.12",
        issue: { repo: null, number: null, url: null, state: "planned" },
        log: `${run(1)}/logs/install-upstream-trl.log`,
      }),
    ]),
    night(2, [
      "pinned/lora:pass",
      cell("latest-all/lora:infra-error", { excerpt: "could not reach the index" }),
      "upstream-peft/lora:pass",
      pinRed(),
      cell("upstream-trl/dpo:pass", { versions: { trl: TRL_FIX } }),
    ]),
    night(3, [
      "pinned/lora:pass",
      cell("latest-all/lora:unsatisfiable", {
        excerpt: "Because peft==9.9 needs torch>=9, no version can be installed.\nmore",
        metrics: NO_METRICS,
      }),
      cell("latest-peft/lora:stale-upstream", { metrics: { ...NO_METRICS, final_loss: 2 } }),
      peftRed(3),
      pinRed(),
      cell("upstream-trl/dpo:pass", { versions: { trl: TRL_FIX } }),
    ]),
  ];
}

/** The run id of night `day` (1 to 3). */
export const runOf = (day: number) => run(day);

/** Renders the nights' page as `matrix report` does (the page script bundled from source) into `dir`, and opens it. */
export async function openNightsPage(browser: Browser, dir: string, hash = ""): Promise<WatchedPage> {
  const data = buildDashboardData(pageNights(), new Date("2026-03-04T00:00:00Z"));
  const file = join(dir, "index.html");
  await writeFile(file, renderPage(data, await readPageScript()));
  return openOffline(browser, file, hash);
}
