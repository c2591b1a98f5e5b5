/**
 * The planted-secret sweep: secrets of every kind the redactor knows are planted in a smoke job's
 * stdout, stderr, traceback and metrics file, in a failing build's output, in the requirements
 * file's index URL and in the harness's environment. Then a real night runs on the mini world in
 * GitHub Actions mode (`matrix nightly --file-issues --confirm`, a local GitHub, a webhook), and
 * the fan-out's verbs run one after another the way the workflow calls them. Every byte the
 * harness wrote or sent is searched: every stream, step summary and outputs file, every file
 * under the reports folders (run folders as uploaded, logs, history, dashboard), every request
 * body the GitHub server and the webhook received. None may hold a planted value, and the
 * channels that carried one say `***`. A new channel that writes under reports/ or prints is
 * swept with the rest, so it fails here until it goes through the redactor.
 *
 * Also: a refused command (a mistyped --package or --variant) leaves the reports folder byte for
 * byte as it was, and `gate` passes over a half-made run folder and says which run it took.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGitRepo } from "../support/git-repo.js";
import { createIssueStore } from "../support/github-issue-store.js";
import { type GitHubServer, startGitHubServer } from "../support/github-server.js";
import { type MiniWorld, makeMiniWorld } from "../support/mini-world.js";
import { failingBackend, findPlanted, leakyJob, PLANTED, PLANTED_ENV } from "../support/planted-secrets.js";
import type { CliResult } from "../support/run-cli.js";
import { startWebhookServer, type WebhookServer } from "../support/webhook-server.js";

const REPO = "acme/minitune";
let world: MiniWorld;
let github: GitHubServer;
let webhook: WebhookServer;
let matrix: string;
/** Channel name -> every byte that went through it. */
const channels = new Map<string, string>();

/** Every file under `dir`, as channel `files:<path>`. */
async function sweepFolder(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    channels.set(`file ${relative(world.root, path)}`, await readFile(path, "utf8"));
  }
}

/** One CLI step in Actions mode; its streams, step summary and outputs become channels. */
async function step(name: string, args: string[]): Promise<CliResult> {
  const outputs = join(world.root, "actions", `${name}.outputs`);
  const summary = join(world.root, "actions", `${name}.summary.md`);
  await mkdir(join(world.root, "actions"), { recursive: true });
  await writeFile(outputs, "");
  await writeFile(summary, "");
  const cli = await world.cli(args, {
    ...PLANTED_ENV,
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: REPO,
    MATRIX_WEBHOOK_URL: webhook.url,
  });
  channels.set(`${name} stdout`, cli.stdout);
  channels.set(`${name} stderr`, cli.stderr);
  channels.set(`${name} step outputs`, await readFile(outputs, "utf8"));
  channels.set(`${name} step summary`, await readFile(summary, "utf8"));
  return cli;
}

/** A digest of every file under `dir` (path and bytes), to prove nothing was written. */
async function snapshot(dir: string): Promise<string> {
  const hash = createHash("sha256");
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const paths = entries.map((e) => join(e.parentPath, e.name)).sort();
  for (const path of paths) {
    hash.update(`${relative(dir, path)}\0`);
    const entry = entries.find((e) => join(e.parentPath, e.name) === path);
    if (entry?.isFile()) hash.update(await readFile(path));
  }
  return hash.digest("hex");
}

beforeAll(async () => {
  world = await makeMiniWorld("matrix-planted-");
  github = await startGitHubServer({ routes: createIssueStore({ repos: [REPO] }).routes });
  webhook = await startWebhookServer();
  // An upstream whose build prints the secrets and fails: the failing install of the night.
  const upstream = join(world.root, "upstreams", "leaky");
  await makeGitRepo(upstream, [
    {
      message: "A build that talks too much",
      files: {
        "pyproject.toml": `[build-system]\nrequires = []\nbuild-backend = "_backend"\nbackend-path = ["."]\n\n[project]\nname = "fakeformers"\nversion = "1.2.0.dev0"\n`,
        "_backend.py": failingBackend(),
      },
    },
  ]);
  const index = new URL(world.index.url);
  await writeFile(
    join(world.root, "reqs", "leaky.txt"),
    `--extra-index-url ${index.protocol}//bot:${PLANTED["index URL password"]}@${index.host}${index.pathname}\nfakeformers==1.0.0\nfakedata==1.0.0\n`,
  );
  await writeFile(join(world.root, "work", "leak.py"), leakyJob());
  matrix = join("matrices", "leaky.yml");
  await writeFile(
    join(world.root, matrix),
    [
      "name: mini-leaky",
      "project: { path: ../minitune, requirements: ../reqs/leaky.txt }",
      `index: ${world.index.url}`,
      "installer: uv",
      "packages:",
      `  fakeformers: { repo: "file://${upstream}" }`,
      "  fakedata: {}",
      "variants: [pinned, latest-fakeformers, upstream-fakeformers]",
      "jobs:",
      "  smoke: { run: python leak.py, cwd: ../work, timeout: 1m, expect: { loss_decreases: 0.5 } }",
      "notify: { webhook: MATRIX_WEBHOOK_URL }",
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  await github?.close();
  await webhook?.close();
  await world?.close();
});

describe("the planted-secret sweep", () => {
  it("finds no planted value in any channel of a night and of the fan-out's verbs", async () => {
    const night = await step("nightly", [
      "nightly",
      ...["-m", matrix, "--reports", "reports", "--file-issues", "--confirm"],
    ]);
    expect(night.exitCode, night.stderr).toBe(0);
    // The night ran what was planted: the job's output and the failing build reached the harness.
    const runs = (await readdir(join(world.root, "reports"))).filter((n) => /^\d{8}-/.test(n));
    const run = join(world.root, "reports", runs[0] ?? "");
    const summary = JSON.parse(await readFile(join(run, "summary.json"), "utf8"));
    expect(summary.regressions).toContainEqual(expect.objectContaining({ variant: "latest-fakeformers" }));
    expect(summary.results).toContainEqual(
      expect.objectContaining({ variant: "upstream-fakeformers", status: "install-error" }),
    );

    // The fan-out: each verb as its job calls it, on one run folder.
    const fan = ["-m", matrix, "--reports", "fanout"];
    const r = ["--run", "fanout/night"];
    const verbs: Array<[string, string[]]> = [
      ["plan", ["plan", "--github", ...fan]],
      ["variants", ["variants", ...fan, ...r]],
      ["run-pinned", ["run", ...fan, ...r, "--variant", "pinned", "--job", "smoke"]],
      ["run-latest", ["run", ...fan, ...r, "--variant", "latest-fakeformers", "--job", "smoke"]],
      ["run-upstream", ["run", ...fan, ...r, "--variant", "upstream-fakeformers", "--job", "smoke"]],
      ["find-bisects", ["plan", "--bisects", ...fan, ...r]],
      [
        "bisect",
        [
          "bisect",
          ...fan,
          ...r,
          "--package",
          "fakeformers",
          "--job",
          "smoke",
          "--variant",
          "pinned",
          "--bad",
          "1.1.0",
        ],
      ],
      ["file-issues", ["file-issues", ...fan, ...r, "--confirm"]],
      ["report", ["report", ...fan, ...r, "--merge", "reports/history"]],
      ["gate", ["gate", ...fan, ...r]],
      ["conclude", ["conclude", ...fan, ...r, "--file-issues", "--confirm"]],
    ];
    for (const [name, args] of verbs) {
      const cli = await step(name, args);
      expect(cli.exitCode, `${name}: ${cli.stderr}`).toBeLessThan(2);
    }

    await sweepFolder(join(world.root, "reports"));
    await sweepFolder(join(world.root, "fanout"));
    github.requests.forEach((req, i) => {
      channels.set(`GitHub request ${i} ${req.method} ${req.path}`, JSON.stringify([req.query, req.body]));
    });
    webhook.requests.forEach((req, i) => {
      channels.set(`webhook post ${i}`, req.raw);
    });

    const leaks = [...channels].flatMap(([channel, text]) =>
      findPlanted(text).map((kind) => `${channel}: ${kind}`),
    );
    expect(leaks).toEqual([]);

    // Where a secret was, the channel says so.
    const masked = (name: string) => expect(channels.get(name), name).toContain("***");
    masked("nightly stdout");
    masked("nightly step summary");
    for (const [name, text] of channels) {
      if (/\/logs\/[^/]+--smoke\.log$/.test(name) || /\/results\/[^/]+\.json$/.test(name))
        expect(text, name).toContain("***");
    }
    const run0 = relative(world.root, run);
    for (const file of [
      "summary.json",
      "logs/upstream-fakeformers--install.log",
      "variants/pinned/requirements.txt",
    ])
      masked(`file ${join(run0, file)}`);
    expect([...channels.keys()].filter((k) => k.startsWith("file reports/site/"))).not.toEqual([]);
    masked(`file reports/site/index.html`);
    expect(
      github.requests.some((req) => req.method === "POST" && JSON.stringify(req.body).includes("***")),
    ).toBe(true);
    expect(webhook.requests.length).toBeGreaterThan(0);
    expect(webhook.requests.some((req) => req.raw.includes("***"))).toBe(true);
  });

  it("leaves the reports folder byte for byte unchanged after a mistyped --package or --variant", async () => {
    const reports = join(world.root, "reports");
    const before = await snapshot(reports);
    const refused = [
      ["bisect", "-m", matrix, "--reports", "reports", "--package", "torchx"],
      ["run", "-m", matrix, "--reports", "reports", "--variant", "nope"],
      ["run", "-m", matrix, "--reports", "reports", "--job", "nope"],
      [
        "bisect",
        "-m",
        matrix,
        "--reports",
        "reports",
        "--package",
        "fakeformers",
        "--variant",
        "latest-nope",
      ],
    ];
    for (const args of refused) {
      const cli = await world.cli(args);
      expect(cli.exitCode, cli.stderr).toBe(2);
      expect(cli.stderr).toMatch(/^matrix: .*(torchx|nope)/m);
    }
    expect(await snapshot(reports)).toBe(before);
  });

  it("gate takes the newest run with results, passing over a half-made one, and says which", async () => {
    const runs = (await readdir(join(world.root, "reports"))).filter((n) => /^\d{8}-/.test(n));
    const half = "29991231-235959-beef";
    await mkdir(join(world.root, "reports", half), { recursive: true });
    await writeFile(join(world.root, "reports", half, "manifest.json"), "{}\n");
    const cli = await world.cli(["gate", "-m", matrix, "--reports", "reports"]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(cli.stderr).toContain(
      `matrix: using run ${runs[0]}, the newest with results; passed over ${half}`,
    );
  });
});
