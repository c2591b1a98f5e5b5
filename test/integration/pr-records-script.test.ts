/**
 * .github/scripts/pr-records.sh, run by bash as the night's triage step runs it, under `set -u`,
 * with only the variables every runner sets. `gh` is the one fake: a script on PATH that answers
 * `run list` with three runs of the pull request workflow and `run download` with a record for
 * two of them (the one between left none: its comment job failed early), and logs what it was asked.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFakeGh, runScriptStep } from "../support/script-step.js";

const script = resolve(import.meta.dirname, "../../.github/scripts/pr-records.sh");
let root: string;
let bin: string;

const FAKE_GH = `if [ "$1 $2" = "run list" ]; then printf '30\\n20\\n10\\n'; exit 0; fi
if [ "$1 $2" = "run download" ]; then
  id="$3"
  [ "$id" != 20 ] || { echo "no artifact matrix-pr-record" >&2; exit 1; }
  while [ $# -gt 0 ]; do [ "$1" = --dir ] && dir="$2"; shift; done
  mkdir -p "$dir" && echo "{}" > "$dir/20261203-0700$id-00$id.json"
  exit 0
fi
exit 2
`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-pr-records-"));
  bin = await installFakeGh(root, FAKE_GH);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The step in a fresh workspace (a carried history already in it), PATH holding the fake gh unless `gh: false`. */
async function step(args: string[], opts: { gh?: boolean } = {}) {
  const cwd = await mkdtemp(join(root, "ws-"));
  await mkdir(join(cwd, "reports", "history", "pr"), { recursive: true });
  await writeFile(join(cwd, "reports", "history", "pr", "20261101-000000-0001.json"), "{}\n");
  return runScriptStep(script, cwd, args, {
    bin: opts.gh === false ? null : bin,
    env: { GITHUB_REPOSITORY: "o/r", TMPDIR: root },
  });
}

describe("pr-records.sh", () => {
  it("copies the records the pull request workflow's runs left into the history, keeping those there", async () => {
    const out = await step(["reports/history/pr", "matrix-pr.yml"]);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.gh).toContain("run list --repo o/r --workflow matrix-pr.yml --limit 30");
    expect(out.gh).toContain("run download 20 --repo o/r --name matrix-pr-record");
    const names = (await readdir(join(out.cwd, "reports", "history", "pr"))).sort();
    expect(names).toEqual([
      "20261101-000000-0001.json",
      "20261203-070010-0010.json",
      "20261203-070030-0030.json",
    ]);
    expect(out.outputs).toContain("records=2\n");
  });

  it("goes on without records, saying so, when there is no gh", async () => {
    const out = await step(["reports/history/pr"], { gh: false });
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.stderr).toContain("::notice title=pull request records::no gh on this runner");
    expect(out.outputs).toContain("records=0\n");
  });
});
