/**
 * A variant's requirements as one text to paste: a reproduction cannot point at files under the
 * runner's run folder, so every `-r` file is inlined where pip would read it and every `-c` file
 * becomes the constraints text. The lines stay exactly as written.
 */
import { type RequirementsTree, resolveIncludePath } from "../requirements/requirements-tree.js";

/** The requirement lines and the constraint lines of a tree, include lines themselves dropped. */
export interface InlinedRequirements {
  requirements: string;
  constraints: string;
}

/** Inlines the tree's includes: `-r` files in place, `-c` files into the constraints. */
export function inlineRequirements(tree: RequirementsTree): InlinedRequirements {
  const requirements: string[] = [];
  const constraints: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, into: string[]) => {
    const doc = tree.docs.get(file);
    if (!doc || seen.has(file)) return;
    seen.add(file);
    for (const line of doc.lines) {
      if (line.kind !== "include") {
        if (line.kind !== "blank") into.push(line.raw);
        continue;
      }
      const target = resolveIncludePath(file, line);
      // A URL include is left to pip: the reproduction keeps the line.
      if (target === undefined) into.push(line.raw);
      else visit(target, line.mode === "constraint" ? constraints : into);
    }
  };
  visit(tree.root, requirements);
  return { requirements: lines(requirements), constraints: lines(constraints) };
}

function lines(raw: string[]): string {
  return raw.length > 0 ? `${raw.join("\n")}\n` : "";
}
