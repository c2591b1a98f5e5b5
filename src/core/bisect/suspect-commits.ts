/**
 * Which commits of a range touch what the failure names: the `git log -S` a maintainer runs by
 * hand, over the patches of the whole range at once. A commit touches a name when a line it adds
 * or removes, or the function a hunk of it sits in, says the name as a word; it touches a module
 * when it adds, removes or edits a file under the module's path.
 */
import type { FailureClues } from "./failure-clues.js";

/** What one commit changed, as far as clues go. */
export interface CommitPatch {
  sha: string;
  /** The paths it changed (both sides of a rename). */
  paths: string[];
  /** Its added and removed lines and its hunks' function headers, one per line. */
  text: string;
}

/**
 * Reads `git log -p -U0 --format=%x01%H` output: each commit starts with `\x01<sha>`, then its
 * diffs. Only what a clue can match is kept (the context lines `-U0` leaves out anyway).
 */
export function parsePatchLog(log: string): CommitPatch[] {
  const commits: CommitPatch[] = [];
  for (const entry of log.split("\x01").slice(1)) {
    const lines = entry.split("\n");
    const sha = (lines[0] ?? "").trim();
    const paths = new Set<string>();
    const kept: string[] = [];
    for (const line of lines.slice(1)) {
      if (line.startsWith("diff --git ")) {
        // `diff --git a/<path> b/<path>`: quoted paths (odd bytes) are rare enough to read loosely.
        for (const [, path = ""] of line.matchAll(/ "?[ab]\/(.+?)"?(?= "?b\/|$)/g)) paths.add(path);
      } else if (line.startsWith("@@")) {
        kept.push(line.replace(/^@@[^@]*@@ ?/, ""));
      } else if (
        (line.startsWith("+") && !line.startsWith("+++")) ||
        (line.startsWith("-") && !line.startsWith("---"))
      ) {
        kept.push(line.slice(1));
      }
    }
    if (sha !== "") commits.push({ sha, paths: [...paths], text: kept.join("\n") });
  }
  return commits;
}

/** A regular expression source for `word` as a whole identifier. */
function wordPattern(word: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_])`);
}

/** Whether `path` lies under the module path `module` (a package folder or a `.py` file). */
function isUnder(path: string, module: string): boolean {
  const at = `/${path}`;
  return at.includes(`/${module}/`) || at.endsWith(`/${module}.py`) || at.endsWith(`/${module}/__init__.py`);
}

/**
 * Each commit that touches a clue, with its score: the sum, over the clues it touches, of how
 * rare each is in the range (log2 of commits / commits touching it). A commit that removes the
 * module and the name the failure gives scores above one that only mentions the name, and a name
 * many commits mention weighs little. A clue more than half of the commits touch (the package's
 * own name, `forward`) points at none of them and is left out.
 */
export function scoreSuspects(clues: FailureClues, commits: readonly CommitPatch[]): Map<string, number> {
  const tests = [
    ...clues.names.map((name) => {
      const pattern = wordPattern(name);
      return (commit: CommitPatch) => pattern.test(commit.text);
    }),
    ...clues.modules.map(
      (module) => (commit: CommitPatch) => commit.paths.some((path) => isUnder(path, module)),
    ),
  ];
  const scores = new Map<string, number>();
  for (const touches of tests) {
    const hits = commits.filter(touches);
    if (hits.length === 0 || hits.length * 2 > commits.length) continue;
    const rarity = Math.log2(commits.length / hits.length);
    for (const { sha } of hits) scores.set(sha, (scores.get(sha) ?? 0) + rarity);
  }
  return scores;
}
