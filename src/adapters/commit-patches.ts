/**
 * The patches of a commit range, as a maintainer reads them looking for the commit that took a
 * name away: `git log -p -U0` over the first-parent history of the cached mirror, with Python's
 * diff driver so each hunk header names the function or class it sits in (git's default names
 * only the nearest unindented line). Tests, docs and examples are left out: they mention every
 * name the package has and install nothing.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { gitEnv } from "./git.js";

const LOCAL_TIMEOUT_MS = 5 * 60_000;

/** What no installed module is: only its patches would make every name a suspect. */
const LEFT_OUT = [
  ":(exclude,glob)**/tests/**",
  ":(exclude,glob)**/test/**",
  ":(exclude,glob)**/test_*.py",
  ":(exclude,glob)**/*_test.py",
  ":(exclude,glob)docs/**",
  ":(exclude,glob)examples/**",
  ":(exclude,glob)**/*.md",
  ":(exclude,glob)**/*.rst",
];

/**
 * `git log -p -U0 --format=%x01%H from..to` (first parent, renames off) in `mirror`, streamed and
 * cut down to what a clue can match: the commit and file lines, and the hunk headers and changed
 * lines that contain one of `needles` (a week of a large upstream's patches is hundreds of
 * megabytes; what mentions the failure's names is a few lines). Null when git fails.
 */
export async function readPatchLog(
  mirror: string,
  from: string,
  to: string,
  needles: readonly string[],
): Promise<string | null> {
  // Attributes come from a file only; a throwaway one keeps the shared mirror as git left it.
  const dir = await mkdtemp(join(tmpdir(), "matrix-diff-"));
  try {
    const attributes = join(dir, "attributes");
    await writeFile(attributes, "*.py diff=python\n*.pyi diff=python\n");
    const args = [
      ...["-c", `core.attributesFile=${attributes}`, "-C", mirror, "log", "--first-parent"],
      ...["--diff-merges=first-parent", "--no-renames", "--no-color", "--no-ext-diff", "-p", "-U0"],
      ...["--format=%x01%H", `${from}..${to}`, "--", ...LEFT_OUT],
    ];
    const git = execa("git", args, { env: gitEnv, reject: false, timeout: LOCAL_TIMEOUT_MS, buffer: false });
    const kept: string[] = [];
    for await (const line of git) {
      const structural = line.startsWith("\x01") || line.startsWith("diff --git ");
      if (structural || needles.some((needle) => line.includes(needle))) kept.push(line);
    }
    const done = await git;
    return done.exitCode === 0 ? kept.join("\n") : null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
