import { describe, expect, it } from "vitest";
import { importsOf, readImportGraph } from "../support/import-graph.js";
import { findCycles, findLayerViolations } from "../support/layer-rules.js";

// The direction of imports is part of the design (core <- engine <- commands; adapters <- engine):
// a wrong-way import fails the build here, naming the file and line.
describe("layering", () => {
  const edges = readImportGraph(process.cwd(), ["src"]);

  it("reads the real import graph", () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((e) => e.from.startsWith("src/engine/") && e.to.startsWith("src/core/"))).toBe(true);
  });

  it("has no import that goes the wrong way", () => {
    expect(findLayerViolations(edges)).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycles(edges).map((c) => c.join(" -> "))).toEqual([]);
  });

  it.each([
    ["src/core/results/x.ts", 'import { execa } from "execa";', "execa"],
    ["src/core/results/x.ts", 'import { run } from "../../adapters/exec.js";', "src/adapters/exec.ts"],
    ["src/core/results/x.ts", 'import { readFile } from "node:fs/promises";', "node:fs/promises"],
    ["src/engine/run/x.ts", 'import type { Out } from "../../commands/output.js";', "src/commands/output.ts"],
    ["src/engine/x.ts", 'const m = await import("node:child_process");', "node:child_process"],
    // One process runner: not even an adapter spawns beside execa, under either name.
    ["src/adapters/x.ts", 'import { spawn } from "node:child_process";', "node:child_process"],
    ["src/adapters/x.ts", 'import { execFile } from "child_process";', "child_process"],
    ["src/cli.ts", 'import { execa } from "execa";', "execa"],
    [
      "src/page/x.ts",
      'import { readPageScript } from "../adapters/page-bundle.js";',
      "src/adapters/page-bundle.ts",
    ],
    ["src/page/x.ts", 'import { readFileSync } from "node:fs";', "node:fs"],
    [
      "src/adapters/x.ts",
      'export { loadProject } from "../engine/load-project.js";',
      "src/engine/load-project.ts",
    ],
  ])("fails on a planted wrong-way import in %s: %s", (file, line, target) => {
    const planted = importsOf(file, `// planted\n${line}\n`);
    expect(findLayerViolations([...edges, ...planted])).toEqual([
      expect.stringContaining(`${file}:2 imports ${target}`),
    ]);
  });

  it("lets an adapter run processes with execa", () => {
    expect(findLayerViolations(importsOf("src/adapters/x.ts", 'import { execa } from "execa";'))).toEqual([]);
  });

  it("lets a test compose layers and read its fixtures", () => {
    const test = importsOf(
      "src/core/a.test.ts",
      'import { readFileSync } from "node:fs";\nimport { f } from "../commands/x.js";',
    );
    expect(findLayerViolations(test)).toEqual([]);
  });

  it("finds a planted cycle, type-only imports included", () => {
    const planted = [
      ...importsOf("src/engine/a.ts", 'import type { B } from "./b.js";'),
      ...importsOf("src/engine/b.ts", 'import { a } from "./a.js";'),
    ];
    expect(findCycles(planted)).toEqual([["src/engine/a.ts", "src/engine/b.ts", "src/engine/a.ts"]]);
  });
});
