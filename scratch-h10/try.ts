import { mkdir, writeFile } from "node:fs/promises";
import { buildDashboardData } from "../src/core/dashboard/dashboard-data.js";
import { renderPage } from "../src/core/dashboard/render-page.js";
import { launchChromium, openOffline } from "../test/support/chromium.js";
import { makeSyntheticHistory } from "../test/support/synthetic-history.js";

const n = Number(process.argv[2] ?? 365);
const page = renderPage(buildDashboardData(makeSyntheticHistory(n, 40), new Date()));
await mkdir("/tmp/h10/site", { recursive: true });
await writeFile("/tmp/h10/site/index.html", page);
const b = await launchChromium();
const w = await openOffline(b, "/tmp/h10/site/index.html");
console.log(
  "bytes",
  page.length,
  "draw",
  await w.page.evaluate(() => document.body.getAttribute("data-draw-ms")),
  w.errors,
  w.blocked,
);
await w.page.screenshot({ path: "/tmp/h10/shot.png", fullPage: false });
await b.close();
