#!/usr/bin/env node
// Writes dist/page.js, the dashboard's page script bundled from src/page/ by esbuild, after tsc
// has compiled the CLI (it imports the compiled adapter, so the bundle's options live in one
// place: src/adapters/page-bundle.ts). Run by `npm run build`, `prepare` and `prepack`; the
// built CLI reads the file, the packed package and the Actions `harness` artifact carry it.
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../dist/adapters/fs.js";
import { bundlePageScript, PAGE_BUNDLE } from "../dist/adapters/page-bundle.js";

const root = new URL("../", import.meta.url);
const text = await bundlePageScript(root);
await writeFileAtomic(fileURLToPath(new URL(PAGE_BUNDLE, root)), text);
// On stderr: `npm pack --json` prints its JSON on stdout, with this script running inside it.
console.error(`${PAGE_BUNDLE}: ${Buffer.byteLength(text)} bytes`);
