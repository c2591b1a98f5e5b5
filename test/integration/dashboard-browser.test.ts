/**
 * The dashboard in headless Chromium after two real nights: `matrix nightly --file-issues
 * --confirm` twice on the mini world, whose upstream `fakeformers` main broke in one commit
 * ("Drop tokenizer (#102)") after the pinned one; the first night bisects it over the real git
 * history (the second keeps that culprit) and files its issue on a local GitHub. The page must show the breakage as ongoing for
 * two nights with its culprit commit, PR and issue, draw without a console error, and load
 * nothing but itself. A screenshot is kept in test-artifacts/dashboard.png.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { launchChromium, openOffline } from "../support/chromium.js";
import { createIssueStore, type IssueStore } from "../support/github-issue-store.js";
import { type GitHubServer, startGitHubServer } from "../support/github-server.js";
import { type MiniWorld, makeMiniWorld, SMOKE_JOB } from "../support/mini-world.js";

const REPO = "acme/minitune";
const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts");
let world: MiniWorld;
let store: IssueStore;
let server: GitHubServer;
let browser: Browser;
let badSha: string;

beforeAll(async () => {
  world = await makeMiniWorld("matrix-dashboard-");
  store = createIssueStore({ repos: [REPO] });
  server = await startGitHubServer({ routes: store.routes });
  const pinned = world.upstreamShas[0] as string;
  badSha = await world.breakUpstream();
  await writeFile(
    join(world.root, "reqs", "git-pin.txt"),
    `fakeformers @ git+${world.upstreamUrl}@${pinned}\nfakedata==1.0.0\n`,
  );
  const matrix = {
    name: "mini-dashboard",
    project: { path: "../minitune", requirements: "../reqs/git-pin.txt" },
    index: world.index.url,
    installer: "uv",
    packages: { fakeformers: { repo: world.upstreamUrl }, fakedata: {} },
    variants: ["pinned", "upstream-fakeformers"],
    jobs: { smoke: SMOKE_JOB },
    history: { keep: 30 },
  };
  await writeFile(join(world.root, "matrices", "dashboard.yml"), stringify(matrix));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await world?.close();
});

const github = () => ({
  GITHUB_API_URL: server.url,
  GITHUB_TOKEN: "ghs_dashboardtesttoken0123456789",
  GITHUB_REPOSITORY: REPO,
});

function nightly(run: string) {
  return world.cli(
    [
      "nightly",
      "-m",
      "matrices/dashboard.yml",
      "--reports",
      "reports",
      "--run",
      `reports/${run}`,
      "--file-issues",
      "--confirm",
    ],
    github(),
  );
}

describe("the dashboard after two nights with a bisected breakage", () => {
  it("shows the breakage, since when, its culprit commit and PR, and its issue, offline", async () => {
    const first = await nightly("20260301-020000-aaaa");
    expect(first.exitCode, first.stderr).toBe(0);
    const firstSummary = JSON.parse(
      await readFile(join(world.root, "reports/20260301-020000-aaaa/summary.json"), "utf8"),
    );
    expect(firstSummary.regressions[0]).toMatchObject({ lifecycle: { state: "new", nights_red: 1 } });

    const second = await nightly("20260302-020000-bbbb");
    expect(second.exitCode, second.stderr).toBe(0);
    const summary = JSON.parse(
      await readFile(join(world.root, "reports/20260302-020000-bbbb/summary.json"), "utf8"),
    );
    const fp = summary.regressions[0].fingerprint as string;
    // New only the first night: tonight it is ongoing, red since the first night.
    // The same breakage keeps the first night's culprit (PR included) and is not bisected again.
    expect(firstSummary.regressions[0].bisect).not.toHaveProperty("carried_from");
    expect(summary.regressions[0]).toMatchObject({
      bisect: { status: "found", first_bad: badSha, pr: 102, carried_from: "20260301-020000-aaaa" },
      lifecycle: { state: "ongoing", since: "20260301-020000-aaaa", nights_red: 2 },
    });
    expect(existsSync(join(world.root, "reports/20260302-020000-bbbb/bisect"))).toBe(false);

    // Reporting the same run again adds no night.
    const again = await world.cli([
      "report",
      "-m",
      "matrices/dashboard.yml",
      "--reports",
      "reports",
      "--json",
    ]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ nights: 2, written: [] });
    const index = JSON.parse(await readFile(join(world.root, "reports/history/index.json"), "utf8"));
    expect(index.runs.map((r: { run: string }) => r.run)).toEqual([
      "20260301-020000-aaaa",
      "20260302-020000-bbbb",
    ]);

    const site = join(world.root, "reports", "site", "index.html");
    const { page, blocked, errors } = await openOffline(browser, site);
    const card = page.locator(`#b-${fp}`);
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("ONGOING");
    expect(text).toContain("fakeformers / smoke");
    expect(text).toContain(badSha.slice(0, 12));
    expect(text).toContain("Drop tokenizer (#102)");
    expect(text).toContain("PR #102");
    expect(text).toMatch(/2 nights/);
    const issue = store.issues(REPO).find((i) => (i.body ?? "").includes(`matrix:fingerprint=${fp}`));
    expect(issue, "the night filed an issue").toBeDefined();
    expect(text).toContain(`${REPO}#${issue?.number} (open)`);
    // The grid: one row per night, the broken cell readable without colour (a symbol and a letter).
    expect(await page.locator("#grid tbody tr").count()).toBe(2);
    expect((await page.locator("#grid td.s-f").first().textContent()) ?? "").toBe("\u2717A");
    // The trends draw the smoke's loss and seconds, pinned (solid) against the upstream variant.
    const trends = (await page.locator("#trends").textContent()) ?? "";
    expect(trends).toContain("smoke · final loss");
    expect(trends).toContain("smoke · seconds");
    expect((await page.locator("#trends .trend").first().textContent()) ?? "").toContain("pinned");
    // Filters: a status keeps the columns that have it; a variant without the breakage hides its card.
    await page.selectOption("#f-status", "fail");
    expect(await page.locator("#grid thead tr:nth-child(2) th").allTextContents()).toEqual([
      "night",
      "upstream-fakeformers",
    ]);
    await page.selectOption("#f-status", "");
    await page.selectOption("#f-variant", "pinned");
    expect(await page.locator(`#b-${fp}`).count()).toBe(0);
    expect((await page.locator("#breakages").textContent()) ?? "").toContain(
      "Nothing is broken on the latest night (1 of 1 cell",
    );
    expect((await page.locator("#coverage").textContent()) ?? "").toBe("Latest night: 1 of 1 cells tried.");
    await page.selectOption("#f-variant", "");
    // A cell's detail: versions (the upstream's exact SHA), signature and excerpt.
    await page.locator("#grid td.s-f").first().click();
    const detail = (await page.locator("#detail").textContent()) ?? "";
    expect(detail).toContain(badSha.slice(0, 12));
    expect(detail).toContain("TypeError");
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });

    // A deep link opens the breakage: its card marked, the detail panel on its latest cell.
    const linked = await openOffline(browser, site, `#breakage=${fp}`);
    expect(await linked.page.locator(`#b-${fp}.target`).count()).toBe(1);
    expect((await linked.page.locator("#detail").textContent()) ?? "").toContain(fp);
    // A phone: the page stays usable in one column.
    await linked.page.setViewportSize({ width: 390, height: 844 });
    const width = await linked.page.locator("main").evaluate((main) => main.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    expect(errors).toEqual([]);
    expect(linked.errors).toEqual([]);
    expect([...blocked, ...linked.blocked]).toEqual([]);
  });
});
