#!/usr/bin/env node
// Replaces tsc's dist/bin.js with the bundled CLI (dist/bin.js and dist/chunks/, options in
// src/adapters/cli-bundle.ts, which says why), after tsc has compiled that adapter. Run by
// `npm run build`, `prepare` and `prepack`, so a clone, the packed package and the Actions
// `harness` artifact all start the bundle. Old chunks go first: their names carry a hash.
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { bundleCli, CLI_CHUNKS } from "../dist/adapters/cli-bundle.js";
import { writeFileAtomic } from "../dist/adapters/fs.js";

const root = new URL("../", import.meta.url);
const files = await bundleCli(root);
await rm(fileURLToPath(new URL(CLI_CHUNKS, root)), { recursive: true, force: true });
const entry = fileURLToPath(new URL("dist/bin.js", root));
// The entry keeps its `#!/usr/bin/env node` and is executable, as a bin of npm's is.
for (const file of files)
  await writeFileAtomic(file.path, file.text, file.path === entry ? 0o755 : undefined);
const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
// On stderr: `npm pack --json` prints its JSON on stdout, with this script running inside it.
console.error(`dist/bin.js: ${files.length} files, ${bytes} bytes`);
