/**
 * Headless Chromium for the dashboard's browser test and bench: the Debian `chromium` package
 * (or CHROMIUM_PATH) driven by playwright-core. A page opened here may only load file:// URLs:
 * every other request is aborted and recorded, and console errors are kept, so a test asserts
 * that nothing left the machine and nothing went wrong.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

/** The browser's path, or an error naming what to install. */
export function findChromium(env = process.env): string {
  const candidates = [env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    (p): p is string => typeof p === "string" && p.length > 0,
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      "headless Chromium not found: install the Debian package (`sudo apt-get install -y chromium`, or `npm run pretest`) or set CHROMIUM_PATH to a Chromium binary",
    );
  return found;
}

/** Launches headless Chromium. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: ["--no-sandbox"] });
}

/** A page with its blocked requests and console errors. */
export interface WatchedPage {
  page: Page;
  blocked: string[];
  errors: string[];
}

/** Opens `file` in a fresh page that may load only file:// URLs. */
export async function openOffline(browser: Browser, file: string, hash = ""): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const blocked: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(`${pathToFileURL(file).href}${hash}`, { waitUntil: "load" });
  // The page script sets it as its last act: the page has drawn.
  await page.waitForSelector("body[data-draw-ms]", { state: "attached" });
  return { page, blocked, errors };
}
