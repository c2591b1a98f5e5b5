/**
 * .github/scripts/night-history.sh, run by bash as a workflow step runs it, under `set -u`, with
 * only the variables every runner sets. `gh` is the one fake: a script on PATH that answers `run
 * list` with three runs (tonight's own first) and `run download` with an artifact for the oldest
 * only, the one between having none (its triage failed), and logs what it was asked.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFakeGh, runScriptStep } from "../support/script-step.js";

const script = resolve(import.meta.dirname, "../../.github/scripts/night-history.sh");
let root: string;
let bin: string;

const FAKE_GH = `if [ "$1 $2" = "run list" ]; then printf '300\\n200\\n100\\n'; exit 0; fi
if [ "$1 $2" = "run download" ]; then
  [ "$3" = 100 ] || { echo "no artifact matrix-history" >&2; exit 1; }
  while [ $# -gt 0 ]; do [ "$1" = --dir ] && dir="$2"; shift; done
  mkdir -p "$dir" && echo '{"nights":["20261201-031700-0100"]}' > "$dir/index.json"
  exit 0
fi
exit 2
`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-history-script-"));
  bin = await installFakeGh(root, FAKE_GH);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The step in a fresh workspace, with PATH holding the fake gh unless `gh: false`. */
async function step(args: string[], env: Record<string, string>, opts: { gh?: boolean } = {}) {
  const cwd = await mkdtemp(join(root, "ws-"));
  return runScriptStep(script, cwd, args, { bin: opts.gh === false ? null : bin, env });
}

const RUNNER = { GITHUB_REPOSITORY: "o/r", GITHUB_RUN_ID: "300", GITHUB_WORKFLOW: "matrix nightly" };

describe("night-history.sh", () => {
  it("takes the newest history an earlier night left, with no GITHUB_WORKFLOW_REF (the workflow's name instead)", async () => {
    const out = await step(["newest", "reports/history"], RUNNER);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.gh).toContain("run list --repo o/r --workflow matrix nightly --limit 6");
    expect(out.gh).not.toContain("run download 300");
    expect(out.gh).toContain("run download 200");
    const index = await readFile(join(out.cwd, "reports", "history", "index.json"), "utf8");
    expect(JSON.parse(index).nights).toEqual(["20261201-031700-0100"]);
    expect(out.outputs).toContain("nights=1\n");
  });

  it("names the workflow file when the runner gives GITHUB_WORKFLOW_REF, and lists each history to merge", async () => {
    const ref = "o/r/.github/workflows/nightly.yml@refs/heads/main";
    const out = await step(["each", "history"], { ...RUNNER, GITHUB_WORKFLOW_REF: ref });
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.gh).toContain("--workflow nightly.yml ");
    expect(out.outputs).toContain("merge= --merge history-100\n");
    expect(existsSync(join(out.cwd, "history-100", "index.json"))).toBe(true);
  });

  it("goes on without history, saying so, when there is no gh", async () => {
    const out = await step(["newest", "reports/history"], RUNNER, { gh: false });
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.stderr).toContain("::notice title=history::no gh on this runner");
    expect(out.outputs).toContain("nights=0\n");
  });
});
