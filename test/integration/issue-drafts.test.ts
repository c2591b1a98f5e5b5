/**
 * Issue drafts from a real night on the mini world: the breaking fakeformers release fails the
 * smoke job in two variants (one fingerprint), the night bisects it to 1.1.0, and the job prints
 * secrets it should not have (a GitHub token, a Hugging Face token, a Bearer header, an AWS
 * secret, the value of the runner's HF_TOKEN, a home folder). `writeDrafts` on that run folder
 * must write one draft per fingerprint a maintainer can act on, and no secret may leave.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { layoutOf } from "../../src/adapters/run-folder.js";
import { parseDraft } from "../../src/core/issues/draft-file.js";
import { requirementLinesOf } from "../../src/core/issues/reproduction-section.js";
import { manifestSchema } from "../../src/core/variants/manifest.js";
import { writeDrafts } from "../../src/engine/conclude/write-drafts.js";
import { loadProject } from "../../src/engine/project/load-project.js";
import { type MiniWorld, makeMiniWorld, SMOKE_JOB } from "../support/mini-world.js";

const GHP = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
const HF = "hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567";
const BEARER = "opaque-bearer-0123456789";
const AWS = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
// The runner's own token: shaped like nothing, found only because it is HF_TOKEN's value.
const RUNNER_HF = "opaque-runner-secret-4242";
const HOME_USER = "/home/alice-matrix";
const PLANTED = [GHP, HF, BEARER, AWS, RUNNER_HF, HOME_USER];

// The job prints the secrets right after the traceback, so they land in the failure excerpt.
const LEAKY_JOB = {
  ...SMOKE_JOB,
  run: [
    "python -m minitune train; s=$?",
    `echo 'pushed with ${GHP} and ${HF}'`,
    `echo 'Authorization: Bearer ${BEARER}'`,
    `echo 'aws_secret_access_key = ${AWS}'`,
    `echo 'HF_TOKEN=${RUNNER_HF} cache ${HOME_USER}/.cache/huggingface'`,
    "exit $s",
  ].join("; "),
};

let world: MiniWorld;

beforeAll(async () => {
  world = await makeMiniWorld("matrix-drafts-");
});

afterAll(async () => {
  await world?.close();
});

/** Every file under `dir`, recursively, as paths. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("issue drafts of a night", () => {
  it("writes one redacted draft per fingerprint, with the reproduction and the first bad release", async () => {
    const matrix = await world.writeMatrix("drafts", {
      requirements: "pins.txt",
      variants: ["pinned", "latest-fakeformers", "latest-all"],
      jobs: { smoke: LEAKY_JOB },
    });
    const env = { GITHUB_TOKEN: "ghs_harness_only_0123456789", HF_TOKEN: RUNNER_HF };
    const cli = await world.cli(["nightly", "-m", matrix, "--reports", "reports-drafts"], env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const runs = await readdir(join(world.root, "reports-drafts"));
    const layout = layoutOf(join(world.root, "reports-drafts", runs[0] as string));

    const summary = JSON.parse(await readFile(layout.summary, "utf8"));
    const manifest = manifestSchema.parse(JSON.parse(await readFile(layout.manifest, "utf8")));
    const project = await loadProject(join(world.root, matrix));
    expect(summary.regressions.map((r: { variant: string }) => r.variant)).toEqual([
      "latest-fakeformers",
      "latest-all",
    ]);
    const fingerprint = summary.regressions[0].fingerprint as string;
    expect(summary.regressions[1].fingerprint).toBe(fingerprint);

    const paths = await writeDrafts(layout, summary, manifest, project, { env: { ...process.env, ...env } });
    const issues = join(layout.dir, "issues");
    expect(paths).toEqual([join(issues, `${fingerprint}.md`), join(issues, "dashboard.md")]);
    expect((await readdir(issues)).sort()).toEqual([`${fingerprint}.md`, "dashboard.md"].sort());

    const text = await readFile(join(issues, `${fingerprint}.md`), "utf8");
    const draft = parseDraft(text);
    expect(draft.title).toBe(
      "[matrix] fakeformers 1.1.0 breaks smoke: TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'",
    );
    expect(draft.fingerprint).toBe(fingerprint);
    expect(draft.cell).toEqual({ variant: "latest-fakeformers", job: "smoke" });
    expect(draft.labels).toEqual(["matrix", "upstream-breakage", "pkg:fakeformers"]);
    expect(draft.body.trimEnd().split("\n").slice(-3)).toEqual([
      `<!-- matrix:fingerprint=${fingerprint} -->`,
      "<!-- matrix:cell=latest-fakeformers/smoke -->",
      "<!-- matrix:labels=matrix,upstream-breakage,pkg:fakeformers -->",
    ]);

    // The reproduction installs exactly the variant's requirement lines.
    const variantText = await readFile(
      join(layout.variants, "latest-fakeformers", "requirements.txt"),
      "utf8",
    );
    const heredoc = /cat > requirements-latest-fakeformers\.txt <<'(\w+)'\n([\s\S]*?)\n\1\n/.exec(draft.body);
    expect(heredoc?.[2]?.split("\n")).toEqual(requirementLinesOf(variantText));
    expect(heredoc?.[2]).toContain("fakeformers==1.1.0");
    expect(draft.body).toContain(
      `pip install --index-url ${world.index.url} -r requirements-latest-fakeformers.txt`,
    );
    expect(draft.body).toContain("pip install --no-deps .\ncd ../work\n");

    expect(draft.body).toContain("- **First bad release**: `fakeformers` **`1.1.0`**");
    expect(draft.body).toContain("- **Last good release**: `1.0.0`");
    expect(draft.body).toContain("- **Also fails the same way in**: `latest-all`");
    expect(draft.body).toContain("<details><summary>Bisect log of fakeformers");
    expect(draft.body).toMatch(/\| `fakeformers` \| `fakeformers==1\.0\.0` \| `1\.1\.0` \| `1\.1\.0` \|/);
    // The secrets were in the excerpt, and are masked there.
    expect(draft.body).toContain("Authorization: Bearer ***");
    expect(draft.body).toContain("aws_secret_access_key = ***");
    expect(draft.body).toContain("cache ~/.cache/huggingface");

    const dashboard = parseDraft(await readFile(join(issues, "dashboard.md"), "utf8"));
    expect(dashboard.dashboard).toBe(true);
    expect(dashboard.body).toContain("**Release gate: open.**");
    // The first night of the breakage: red since tonight, and new.
    expect(dashboard.body).toMatch(
      /\| `fakeformers` \| `smoke` \| `latest-fakeformers`, `latest-all` \| `\d{8}-\d{6}-[0-9a-f]{4}` \*\*new\*\* \| `1\.1\.0` \|/,
    );

    // Nothing that may leave the machine holds a planted secret: drafts, summary, results, bisects.
    const leaving = [
      layout.summary,
      ...(await filesUnder(issues)),
      ...(await filesUnder(layout.results)),
      // The bisect's records (its step logs, like the run's, stay on the runner).
      ...(await readdir(join(layout.dir, "bisect")))
        .filter((n) => n.endsWith(".json") && !n.endsWith(".state.json"))
        .map((n) => join(layout.dir, "bisect", n)),
    ];
    for (const path of leaving) {
      const content = await readFile(path, "utf8");
      for (const secret of PLANTED) expect(content, `${secret} in ${path}`).not.toContain(secret);
    }
    // Marked expected (another night, the same folder): no issue of its own, listed apart, old draft gone.
    const known = {
      ...summary,
      regressions: summary.regressions.map((r: object) => ({
        ...r,
        expected: { reason: "fakeformers 1.1 renames tokenizer", until: "2030-01-01" },
      })),
    };
    expect(await writeDrafts(layout, known, manifest, project)).toEqual([join(issues, "dashboard.md")]);
    expect(await readdir(issues)).toEqual(["dashboard.md"]);
    const marked = await readFile(join(issues, "dashboard.md"), "utf8");
    expect(marked).toContain("## Current breakages (0)");
    expect(marked).toContain("## Expected (1)");
    expect(marked).toContain("`fakeformers 1.1 renames tokenizer` | `2030-01-01` |");

    // The secrets were printed, and the log (uploaded with the run) keeps the line, masked.
    const log = await readFile(join(layout.logs, "latest-fakeformers--smoke.log"), "utf8");
    expect(log).not.toContain(BEARER);
    expect(log).toContain("Authorization: Bearer ***");
  });

  it("drafts an upstream commit: the git+URL@sha line to install, the first bad commit and its PR", async () => {
    const [good] = world.upstreamShas;
    const bad = await world.breakUpstream();
    const url = `git+${world.upstreamUrl}`;
    await writeFile(
      join(world.root, "reqs", "commit.txt"),
      `fakeformers @ ${url}@${good}\nfakedata==1.0.0\n`,
    );
    const matrix = {
      name: "commit",
      project: { path: "../minitune", requirements: "../reqs/commit.txt" },
      index: world.index.url,
      installer: "uv",
      packages: { fakeformers: { repo: world.upstreamUrl }, fakedata: {} },
      variants: ["pinned", "upstream-fakeformers"],
      jobs: { smoke: SMOKE_JOB },
    };
    await writeFile(join(world.root, "matrices", "commit.yml"), stringify(matrix));
    const cli = await world.cli(["nightly", "-m", "matrices/commit.yml", "--reports", "reports-commit"]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const runs = await readdir(join(world.root, "reports-commit"));
    const layout = layoutOf(join(world.root, "reports-commit", runs[0] as string));
    const summary = JSON.parse(await readFile(layout.summary, "utf8"));
    const manifest = manifestSchema.parse(JSON.parse(await readFile(layout.manifest, "utf8")));
    const project = await loadProject(join(world.root, "matrices", "commit.yml"));

    const [path] = await writeDrafts(layout, summary, manifest, project);
    const draft = parseDraft(await readFile(path as string, "utf8"));
    expect(draft.title).toBe(
      `[matrix] fakeformers main@${bad.slice(0, 12)} breaks smoke: TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'`,
    );
    const heredoc = /cat > requirements-upstream-fakeformers\.txt <<'(\w+)'\n([\s\S]*?)\n\1\n/.exec(
      draft.body,
    );
    expect(heredoc?.[2]?.split("\n")).toEqual([`fakeformers @ ${url}@${bad}`, "fakedata==1.0.0"]);
    expect(draft.body).toContain("## First bad commit");
    expect(draft.body).toContain(`- **First bad commit**: \`${bad}\``);
    expect(draft.body).toContain(`- **Last good commit**: \`${good}\``);
    expect(draft.body).toContain("- **Title**: `Drop tokenizer (#102)`");
    // A file:// upstream has no pull request page: the number stays code, never a bare #102.
    expect(draft.body).toContain("- **Pull request**: `#102` of ");
    expect(draft.cell).toEqual({ variant: "upstream-fakeformers", job: "smoke" });
  });
});
