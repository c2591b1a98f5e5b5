import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

/** One import written in a source file: who imports what, and on which line. */
export interface ImportEdge {
  /** The importing file, relative to the root (`src/core/x.ts`). */
  from: string;
  /** A relative target resolved to a root-relative `.ts` path, or the bare specifier (`node:fs`). */
  to: string;
  line: number;
  typeOnly: boolean;
}

// Static imports and re-exports (`import x from`, `import type {..} from`, `export * from`) and
// dynamic `import("...")`: the ways one module can reach another.
const STATIC =
  /^\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gms;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every TypeScript file under `dir` (relative to root), test files included. */
export function listSources(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) out.push(p.split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** The imports of one file's text, its relative targets resolved against its own folder. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const lineAt = (index: number): number => text.slice(0, index).split("\n").length;
  const target = (spec: string): string =>
    spec.startsWith(".")
      ? posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, ".ts")
      : spec;
  for (const m of text.matchAll(STATIC)) {
    const spec = m[3] ?? m[4];
    if (spec) edges.push({ from: file, to: target(spec), line: lineAt(m.index), typeOnly: Boolean(m[2]) });
  }
  for (const m of text.matchAll(DYNAMIC)) {
    if (m[1]) edges.push({ from: file, to: target(m[1]), line: lineAt(m.index), typeOnly: false });
  }
  return edges;
}

/** The import graph of every file under `dirs`, read from disk (paths relative to root). */
export function readImportGraph(root: string, dirs: string[]): ImportEdge[] {
  return dirs.flatMap((d) =>
    listSources(root, d).flatMap((f) => importsOf(f, readFileSync(join(root, f), "utf8"))),
  );
}
