#!/usr/bin/env node
// Replaces tsc's dist/bin.js with the bundled CLI (dist/bin.js and dist/chunks/, options in
// src/adapters/cli-bundle.ts, which says why), after tsc has compiled that adapter. Run by
// `npm run build`, `prepare` and `prepack`, so a clone, the packed package and the Actions
// `harness` artifact all start the bundle. The chunks go first and the entry last, and only then
// the old chunks (their names carry a hash): a build that stops halfway leaves a CLI that starts.
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCli, CLI_CHUNKS } from "../dist/adapters/cli-bundle.js";
import { writeFileAtomic } from "../dist/adapters/fs.js";

const root = new URL("../", import.meta.url);
const files = await bundleCli(root);
const entry = fileURLToPath(new URL("dist/bin.js", root));
for (const file of files) if (file.path !== entry) await writeFileAtomic(file.path, file.text);
// The entry keeps its `#!/usr/bin/env node` and is executable, as a bin of npm's is.
const main = files.find((file) => file.path === entry);
await writeFileAtomic(entry, main.text, 0o755);
const chunks = fileURLToPath(new URL(CLI_CHUNKS, root));
const written = new Set(files.map((file) => file.path));
for (const name of await readdir(chunks))
  if (!written.has(join(chunks, name))) await rm(join(chunks, name), { force: true });
const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
// On stderr: `npm pack --json` prints its JSON on stdout, with this script running inside it.
console.error(`dist/bin.js: ${files.length} files, ${bytes} bytes`);
