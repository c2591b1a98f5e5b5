/**
 * One real process contending for a cache entry: `node --import tsx entry-holder.ts ROOT KEY
 * BUILD_MS STALE_MS`. Its build appends this pid to ROOT/builds.log (so a test counts the builds
 * across processes), says `building` on stdout, and takes BUILD_MS; the entry's value names the
 * builder. When done it prints the entry as JSON on its last line.
 */
import { appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ensureEntry } from "../../src/adapters/env-cache.js";

const [root = "", key = "", buildMs = "0", staleMs = "2000"] = process.argv.slice(2);

const entry = await ensureEntry(
  root,
  key,
  async (dir) => {
    await appendFile(join(root, "builds.log"), `${process.pid}\n`);
    await writeFile(join(dir, "half-built"), "");
    process.stdout.write("building\n");
    await new Promise((resolve) => setTimeout(resolve, Number(buildMs)));
    return { ok: true, value: { builder: process.pid } };
  },
  { staleMs: Number(staleMs), pollMs: 50 },
);
process.stdout.write(`${JSON.stringify(entry)}\n`);
