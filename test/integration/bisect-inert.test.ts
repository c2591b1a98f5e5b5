/**
 * `matrix bisect` over a history shaped like a real upstream's: between the package's own commits
 * come commits that touch only tests, docs, the README or CI, and a `--no-ff` merge of a branch
 * that touched only tests. Those install the very files of the commit before them, so the bisect
 * names the first commit that changed the package without running any of them, and says how many
 * it left out. One commit changes the build's inputs: the commits from it on go in as source trees
 * with the metadata of the first wheel built past it. Real git, a real venv (uv), a local index,
 * the CLI from source.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { addCommits, type CommitSpec, makeGitRepo } from "../support/git-repo.js";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makePyProject } from "../support/py-project.js";
import { runCli } from "../support/run-cli.js";

const FIRST_BAD = 15;
const COMMITS = 24;
const BUMP = 6;

/**
 * Commit i: every third one changes the package (broken from FIRST_BAD on), the others do not.
 * Commit BUMP also changes what the build reads (its version), so the commits from it on cannot
 * go in with the good end's metadata.
 */
function commitOf(i: number, pyproject: string): CommitSpec {
  if (i % 3 === 0)
    return {
      message: `Change scale (#${i})`,
      files: {
        "regpkg/__init__.py": `COMMIT = ${i}\n\n\ndef check():\n    if ${i >= FIRST_BAD ? "True" : "False"}:\n        raise ValueError("regpkg.check: broken")\n`,
        ...(i === BUMP ? { "pyproject.toml": pyproject.replace("0.1.0.dev0", "0.1.0.dev1") } : {}),
      },
    };
  const elsewhere = ["tests/test_scale.py", "docs/index.md", "README.md", ".github/workflows/ci.yml"];
  return { message: `Chore ${i}`, files: { [elsewhere[i % elsewhere.length] as string]: `# ${i}\n` } };
}

let root: string;
let upstream: string;
let shas: string[];
let index: IndexServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bisect-inert-"));
  upstream = await makePyProject({ name: "regpkg", version: "0.1.0.dev0" }, join(root, "regpkg"));
  const pyproject = await readFile(join(upstream, "pyproject.toml"), "utf8");
  shas = await makeGitRepo(
    upstream,
    Array.from({ length: COMMITS }, (_, i) => commitOf(i, pyproject)),
  );
  // A branch that touched only tests, merged with a merge commit: on the first-parent line, the
  // merge changes tests alone.
  const git = (...args: string[]) => execa("git", ["-C", upstream, ...args]);
  await git("checkout", "-q", "-b", "side", shas[FIRST_BAD - 2] as string);
  await addCommits(upstream, [{ message: "More tests", files: { "tests/test_more.py": "# more\n" } }]);
  await git("checkout", "-q", "main");
  const env = {
    GIT_AUTHOR_NAME: "d",
    GIT_AUTHOR_EMAIL: "d@x.invalid",
    GIT_COMMITTER_NAME: "d",
    GIT_COMMITTER_EMAIL: "d@x.invalid",
  };
  await execa("git", ["-C", upstream, "merge", "-q", "--no-ff", "-m", "Merge side", "side"], { env });
  shas = [...shas, ...(await addCommits(upstream, [commitOf(COMMITS, pyproject)]))];

  const project = await makePyProject(
    { name: "wrap", version: "0.1.0", requires: ["regpkg"] },
    join(root, "wrap"),
  );
  await writeFile(join(project, "wrap", "__main__.py"), "import regpkg\n\nregpkg.check()\nprint('ok')\n");
  await writeFile(join(root, "pins.txt"), `regpkg @ git+file://${upstream}@${shas[0]}\n`);
  index = await startIndexServer({ root: join(root, "wheels") });
  await writeFile(
    join(root, "matrix.yml"),
    stringify({
      name: "inert",
      project: { path: "wrap", requirements: "pins.txt" },
      index: index.url,
      installer: "uv",
      packages: { regpkg: { repo: `file://${upstream}` } },
      variants: ["pinned"],
      jobs: { smoke: { run: "python -m wrap", cwd: ".", timeout: "1m" } },
    }),
  );
}, 120_000);

afterAll(async () => {
  await index?.close();
  await rm(root, { recursive: true, force: true });
});

describe("matrix bisect over commits that change nothing installed", () => {
  it("names the first commit that changed the package, runs none of the others, and counts them", async () => {
    const run = join(root, "runs", "one");
    const cli = await runCli(
      [
        "bisect",
        "-m",
        "matrix.yml",
        "--package",
        "regpkg",
        "--job",
        "smoke",
        "--good",
        shas[0] as string,
      ].concat(["--bad", "main", "--run", run, "--json"]),
      root,
      { MATRIX_CACHE: join(root, "cache") },
    );
    expect(cli.exitCode, cli.stderr).toBe(0);
    const record = JSON.parse(cli.stdout) as {
      status: string;
      first_bad: { ref: string };
      last_good: { ref: string };
      candidates: number;
      inert: number;
      suspects: { clues: string[]; refs: string[] };
      steps: number;
      log: Array<{ ref: string }>;
    };
    expect(record.status).toBe("found");
    expect(record.first_bad.ref).toBe(shas[FIRST_BAD]);
    // The commit right before it installs what the last good one tested does: it is the diff to read.
    expect(record.last_good.ref).toBe(shas[FIRST_BAD - 1]);
    // The good end, 23 commits, the merge and the bad end; between the ends, the package changed
    // in commits 3, 6, ..., 21 (7) and the rest (16 and the merge) changed nothing installed.
    expect(record.candidates).toBe(26);
    expect(record.inert).toBe(17);
    const packageCommits = new Set(shas.filter((_, i) => i % 3 === 0));
    const ran = record.log.map((l) => l.ref);
    expect(ran.filter((ref) => !packageCommits.has(ref))).toEqual([]);
    // The bad end runs first (its signature is unknown). Its message names `regpkg.check`, and
    // of the package's commits only the first bad changed a line of `check` (the others changed
    // `COMMIT`): the suspect and its parent settle it, where 8 places would take 3 smokes.
    expect(record.suspects).toEqual({ clues: ["check", "regpkg.check"], refs: [shas[FIRST_BAD]] });
    expect(record.steps).toBe(3);
    expect(cli.stderr).toMatch(/17 of 24 commits between the ends change nothing installed: not run/);
    // From the bump on, the build reads another pyproject.toml: the first such commit the search
    // meets takes a wheel, and the others go in as source trees with that wheel's metadata.
    const count = (pattern: RegExp) => cli.stderr.match(pattern)?.length ?? 0;
    expect(count(/: install wheel built, installed in worker 0/g)).toBe(1);
    expect(count(/: install source tree, in worker 0/g)).toBe(record.steps - 1);
  }, 600_000);
});
