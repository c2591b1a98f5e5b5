#!/usr/bin/env node
// Entry point of the `matrix` binary; everything testable lives in cli.ts.
import { main } from "./cli.js";

main(process.argv.slice(2)).then((code) => process.exit(code));
