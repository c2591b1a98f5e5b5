/**
 * The upstream view in headless Chromium: three projects' histories (written by the history
 * store, as each project's `matrix report` leaves them) merged by the real CLI, `matrix report
 * --merge a --merge b --merge c`, into one page with one row per upstream change and the right
 * effect per project, drawn beside the usual dashboard, loading nothing but itself. Two of the
 * projects also ran `matrix pr` on upstream pull requests (records in `history/pr/`, as the
 * store writes them): each pull request is one row, its cells what it did to each project.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EXPECTED_EFFECTS,
  EXPECTED_PR_EFFECTS,
  threeProjects,
  threeProjectsPrs,
} from "../../src/core/dashboard/upstream-fixtures.js";
import { recordHistory } from "../../src/engine/report/history-store.js";
import { writePrRecords } from "../../src/engine/report/pr-history-store.js";
import { launchChromium, openOffline } from "../support/chromium.js";
import { runCli } from "../support/run-cli.js";

let root: string;
let browser: Browser;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-upstream-view-"));
  const [alpha = [], beta = [], gamma = []] = threeProjects();
  const prs = threeProjectsPrs();
  for (const [i, [name, nights]] of (
    [
      ["alpha", alpha],
      ["beta", beta],
      ["gamma", gamma],
    ] as const
  ).entries()) {
    for (const night of nights) await recordHistory(join(root, name, "history"), night);
    await writePrRecords(join(root, name, "history"), prs[i] ?? []);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await rm(root, { recursive: true, force: true });
});

describe("matrix report --merge over three projects", () => {
  it("renders one upstream row per change with each project's effect", async () => {
    const merges = ["alpha", "beta", "gamma"].flatMap((p) => ["--merge", join(root, p, "history")]);
    const result = await runCli(["report", "--reports", "reports", ...merges], root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain("8 nights, 4 pull request runs");
    const { page, blocked, errors } = await openOffline(browser, join(root, "reports", "site", "index.html"));
    const headers = await page.locator("#upstream-table tr").first().locator("th").allTextContents();
    expect(headers).toEqual(["upstream change", "first seen", "alpha", "beta", "gamma"]);
    const rows = page.locator("#upstream-table tr[data-ref]");
    expect(await rows.count()).toBe(
      Object.keys(EXPECTED_EFFECTS).length + Object.keys(EXPECTED_PR_EFFECTS).length,
    );
    for (const [change, effects] of Object.entries(EXPECTED_EFFECTS)) {
      const ref = change.split(" ")[1] ?? "";
      const row = page.locator(`#upstream-table tr[data-ref="${ref}"]:not([data-kind])`);
      expect(await row.locator("td.up").allTextContents(), change).toEqual(effects);
    }
    const bisected = page.locator(`#upstream-table tr[data-ref="${"b".repeat(40)}"]`);
    expect(await bisected.locator("a").getAttribute("href")).toBe(
      "https://github.com/huggingface/transformers/pull/123",
    );
    for (const [pr, { head, effects }] of Object.entries(EXPECTED_PR_EFFECTS)) {
      const row = page.locator(`#upstream-table tr[data-kind="pull-request"][data-pr="${pr.slice(1)}"]`);
      expect(await row.getAttribute("data-ref"), pr).toBe(head);
      expect(await row.locator("td.up").allTextContents(), pr).toEqual(effects);
      expect(await row.locator("a").getAttribute("href")).toBe(
        `https://github.com/huggingface/transformers/pull/${pr.slice(1)}`,
      );
      expect(await row.locator("td").first().textContent()).toContain(`PR ${pr} head ${head.slice(0, 12)}`);
    }
    // Beside the usual dashboard, which still draws every project's nights.
    expect(await page.locator("#grid").count()).toBe(1);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
