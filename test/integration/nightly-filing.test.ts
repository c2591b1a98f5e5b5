/**
 * The night through the real CLI, told to file: `matrix nightly --file-issues --confirm` on the
 * mini world against a local GitHub. Two nights with the same breakages leave exactly one
 * tracking issue per fingerprint and one dashboard; the gate's verdict is the exit code, and its
 * table, outputs and drafts are where Actions and maintainers look for them.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIssueStore, type IssueStore } from "../support/github-issue-store.js";
import { type GitHubServer, startGitHubServer } from "../support/github-server.js";
import { type MiniWorld, makeMiniWorld, SMOKE_JOB } from "../support/mini-world.js";

const REPO = "acme/minitune";
let world: MiniWorld;
let store: IssueStore;
let server: GitHubServer;
let matrix: string;

beforeAll(async () => {
  world = await makeMiniWorld("matrix-nightfile-");
  store = createIssueStore({ repos: [REPO] });
  server = await startGitHubServer({ routes: store.routes });
  matrix = await world.writeMatrix("filing", {
    requirements: "pins.txt",
    variants: ["pinned", "latest-each", "latest-all"],
    jobs: { smoke: SMOKE_JOB },
  });
});

afterAll(async () => {
  await server?.close();
  await world?.close();
});

async function night(name: string) {
  const out = join(world.root, `outputs-${name}.txt`);
  const summaryFile = join(world.root, `summary-${name}.md`);
  await writeFile(out, "");
  await writeFile(summaryFile, "");
  const cli = await world.cli(
    [
      "nightly",
      "-m",
      matrix,
      "--reports",
      "reports-filing",
      "--run",
      `reports-filing/${name}`,
      "--file-issues",
      "--confirm",
    ],
    {
      GITHUB_API_URL: server.url,
      GITHUB_TOKEN: "ghs_nightlyfilingtoken0123456789",
      GITHUB_REPOSITORY: REPO,
      GITHUB_ACTIONS: "true",
      GITHUB_OUTPUT: out,
      GITHUB_STEP_SUMMARY: summaryFile,
    },
  );
  return { cli, outputs: await readFile(out, "utf8"), stepSummary: await readFile(summaryFile, "utf8") };
}

describe("matrix nightly --file-issues --confirm", () => {
  it("files one issue per breakage, exactly once over two nights, and gates on pinned", async () => {
    const first = await night("n1");
    expect(first.cli.exitCode, first.cli.stderr).toBe(0);
    const run = join(world.root, "reports-filing", "n1");
    const summary = JSON.parse(await readFile(join(run, "summary.json"), "utf8"));
    const fingerprints = [...new Set(summary.regressions.map((r: { fingerprint: string }) => r.fingerprint))];
    // latest-all breaks as latest-fakeformers does: one breakage, one fingerprint.
    expect(fingerprints).toHaveLength(2);
    const drafts = (await readdir(join(run, "issues"))).filter((f) => f.endsWith(".md")).sort();
    expect(drafts).toEqual([...fingerprints.map((fp) => `${fp}.md`), "dashboard.md"].sort());

    const tracking = () =>
      store.issues(REPO).filter((i) => !(i.body ?? "").includes("<!-- matrix:dashboard -->"));
    expect(tracking()).toHaveLength(2);
    for (const fp of fingerprints)
      expect(
        tracking().filter((i) => (i.body ?? "").includes(`<!-- matrix:fingerprint=${fp} -->`)),
      ).toHaveLength(1);
    expect(
      store.issues(REPO).filter((i) => (i.body ?? "").includes("<!-- matrix:dashboard -->")),
    ).toHaveLength(1);
    // Nothing secret reached GitHub.
    expect(JSON.stringify(store.issues(REPO))).not.toContain("ghs_nightlyfilingtoken0123456789");

    // The gate in Actions: the job summary table and the outputs.
    expect(first.stepSummary).toMatch(/pinned/);
    // @actions/core writes `name<<DELIMITER`, the value, the delimiter.
    expect(first.outputs).toMatch(/^gate<<(\S+)\npass\n\1$/m);
    expect(first.outputs).toMatch(/^blockers<<(\S+)\n0\n\1$/m);
    expect(JSON.parse(await readFile(join(run, "gate.json"), "utf8"))).toMatchObject({ blocked: false });

    const before = server.requests.length;
    const second = await night("n2");
    expect(second.cli.exitCode, second.cli.stderr).toBe(0);
    expect(tracking()).toHaveLength(2);
    expect(store.issues(REPO)).toHaveLength(3);
    // The second night changes nothing on GitHub: no create, no edit.
    const writes = server.requests
      .slice(before)
      .filter((r) => r.method === "POST" && /\/issues$/.test(r.path));
    expect(writes).toEqual([]);
  });
});
