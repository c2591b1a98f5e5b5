import type { ImportEdge } from "./import-graph.js";

/** A layer of the code and what it may not import (other layers, or modules by name). */
export interface LayerRule {
  /** Files this rule governs: a root-relative folder prefix (`src/core/`). */
  layer: string;
  /** Root-relative prefixes of our own code that the layer must not import. */
  forbiddenLayers: string[];
  /** Package or builtin specifiers the layer must not import (`node:fs` also forbids `node:fs/promises`). */
  forbiddenModules: string[];
  /** Root-relative prefixes inside `layer` that the rule does not govern. */
  except?: string[];
  why: string;
}

/**
 * The direction of imports: core <- engine <- commands <- cli; adapters <- engine; core <- page
 * (the browser script, bundled). The core never touches a process, a file or a socket; the engine
 * reaches them only through adapters.
 */
export const LAYER_RULES: LayerRule[] = [
  {
    layer: "src/core/",
    forbiddenLayers: ["src/adapters/", "src/engine/", "src/commands/", "src/cli.ts", "src/bin.ts"],
    forbiddenModules: ["node:fs", "node:net", "node:http", "node:https", "node:os"],
    why: "the core takes data and returns data",
  },
  {
    layer: "src/adapters/",
    forbiddenLayers: ["src/engine/", "src/commands/", "src/cli.ts", "src/bin.ts"],
    forbiddenModules: [],
    why: "adapters are small and know nothing of the night's stages",
  },
  {
    layer: "src/engine/",
    forbiddenLayers: ["src/commands/", "src/cli.ts", "src/bin.ts"],
    forbiddenModules: [],
    why: "commands compose the engine, never the other way",
  },
  {
    layer: "src/commands/",
    forbiddenLayers: ["src/cli.ts", "src/bin.ts"],
    forbiddenModules: [],
    why: "commands parse flags, call a stage and print",
  },
  {
    // Timeouts, process groups, signals and redaction are handled once, over execa (adapters/exec.ts).
    layer: "src/",
    forbiddenLayers: [],
    forbiddenModules: ["node:child_process", "child_process"],
    why: "one process runner: execa",
  },
  {
    layer: "src/",
    except: ["src/adapters/"],
    forbiddenLayers: [],
    forbiddenModules: ["execa"],
    why: "processes are run only by adapters",
  },
  {
    layer: "src/page/",
    forbiddenLayers: ["src/adapters/", "src/engine/", "src/commands/", "src/cli.ts", "src/bin.ts"],
    forbiddenModules: ["node:fs", "node:child_process", "node:path", "node:os", "node:url", "execa"],
    why: "the page script runs in the browser: it reads the page and the core's data, nothing of Node",
  },
];

// A test may compose layers (a core test formats with a command's printer); the code it tests may not.
const isTest = (file: string): boolean => file.endsWith(".test.ts");
const matchesModule = (spec: string, name: string): boolean => spec === name || spec.startsWith(`${name}/`);

/** Every edge that breaks a rule, as `file:line imports target (why)`. */
export function findLayerViolations(edges: ImportEdge[], rules: LayerRule[] = LAYER_RULES): string[] {
  const out: string[] = [];
  for (const e of edges) {
    for (const rule of rules) {
      if (!e.from.startsWith(rule.layer) || isTest(e.from)) continue;
      if (rule.except?.some((x) => e.from.startsWith(x))) continue;
      const layer = rule.forbiddenLayers.find((l) => e.to === l || e.to.startsWith(l));
      const mod = rule.forbiddenModules.find((m) => matchesModule(e.to, m));
      const bad = layer ?? mod;
      if (bad) out.push(`${e.from}:${e.line} imports ${e.to} (${rule.why})`);
    }
  }
  return out;
}

/** Import cycles among our own files (type-only imports count: they tie the files together). */
export function findCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!e.to.startsWith("src/") || isTest(e.from)) continue;
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, "open");
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === "open") cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, "done");
  };
  for (const n of [...next.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}
