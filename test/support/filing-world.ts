/**
 * A world for filing tests: a matrix file, run folders written by hand (summary, manifest,
 * drafts, as a night leaves them), a local GitHub with an in-memory issue store, and
 * `runFileIssues` (the command without its exit code) driven with an environment record pointing at it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runFileIssues } from "../../src/commands/file-issues.js";
import type { FilingReport } from "../../src/engine/filing/file-issues.js";
import { createIssueStore, type IssueStore, type IssueStoreOptions } from "./github-issue-store.js";
import {
  type GitHubRequest,
  type GitHubServer,
  type GitHubServerOptions,
  startGitHubServer,
} from "./github-server.js";

export const OWN = "acme/trainer";
export const PEFT = "huggingface/peft";
export const TRANSFORMERS = "huggingface/transformers";
export const OWN_TOKEN = "ghs_owntoken0123456789abcdef";
export const UPSTREAM_TOKEN = "ghp_upstreamtoken0123456789abcdef";

const MATRIX = `name: filing
project: { requirements: requirements.txt }
packages:
  peft: { repo: https://github.com/huggingface/peft.git, file_upstream: true }
  transformers: { repo: https://github.com/huggingface/transformers.git }
variants: [pinned, latest-each, latest-all]
jobs:
  lora: { run: python train.py }
`;

/** One regression of a night; `draft: false` plays an expected failure, which gets no draft. */
export interface NightBreakage {
  fp: string;
  cell: string;
  culprits: string[];
  bisect?: { package: string; status: string; first_bad: string | null; title: string | null };
  draft?: boolean;
  title?: string;
}

/** What a night leaves in its run folder. */
export interface Night {
  breakages: NightBreakage[];
  /** `[VARIANT/JOB, status]`. */
  results: Array<[string, string]>;
  /** Written to manifest.json when given. */
  variants?: Array<{ name: string; moves: string[] }>;
  /** dashboard.md's first body line; null writes none. */
  dashboard?: string | null;
}

/** A filing world; `close` stops the server and removes the files. */
export interface FilingWorld {
  root: string;
  reports: string;
  store: IssueStore;
  server: GitHubServer;
  env: Record<string, string | undefined>;
  warnings: string[];
  writeRun(name: string, night: Night): Promise<string>;
  file(
    run: string,
    opts?: { confirm?: boolean; env?: Record<string, string | undefined>; retries?: number },
  ): Promise<FilingReport>;
  changes(from?: number): GitHubRequest[];
  readFiled(run: string): Promise<FilingReport>;
  close(): Promise<void>;
}

/** The text of a draft, as the night writes it. */
export function draftText(b: NightBreakage): string {
  const title = b.title ?? `${b.culprits.join("+") || "unknown"} breaks ${b.cell} (${b.fp})`;
  return `# ${title}\n\nThe job fails.\n\n<!-- matrix:fingerprint=${b.fp} -->\n<!-- matrix:cell=${b.cell} -->\n`;
}

/** Starts a world over an issue store with `storeOpts` (the repositories are always there). */
export async function makeFilingWorld(
  storeOpts: Partial<IssueStoreOptions> = {},
  faults: Omit<GitHubServerOptions, "routes"> = {},
): Promise<FilingWorld> {
  const root = await mkdtemp(join(tmpdir(), "matrix-filing-"));
  const reports = join(root, "reports");
  await writeFile(join(root, "matrix.yml"), MATRIX);
  const store = createIssueStore({
    repos: [OWN, PEFT, TRANSFORMERS],
    logins: { [UPSTREAM_TOKEN]: "matrix-upstream" },
    ...storeOpts,
  });
  const server = await startGitHubServer({ routes: store.routes, ...faults });
  const env = {
    GITHUB_TOKEN: OWN_TOKEN,
    GITHUB_REPOSITORY: OWN,
    GITHUB_API_URL: server.url,
    MATRIX_UPSTREAM_TOKEN: UPSTREAM_TOKEN,
  };
  const warnings: string[] = [];
  const log = { debug() {}, info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
  const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });

  return {
    root,
    reports,
    store,
    server,
    env,
    warnings,
    async writeRun(name, night) {
      const dir = join(reports, name);
      await mkdir(join(dir, "issues"), { recursive: true });
      const cellOf = (cell: string) => ({ variant: cell.split("/")[0], job: cell.split("/")[1] });
      const regressions = night.breakages.map((b) => ({
        ...cellOf(b.cell),
        status: "fail",
        signature: `Error ${b.fp}`,
        culprits: b.culprits,
        culprit: b.culprits[0] ?? null,
        evidence: "single-package-variant",
        cleared: [],
        fingerprint: b.fp,
        ...(b.bisect && { bisect: b.bisect }),
      }));
      const results = night.results.map(([cell, status]) => ({ ...cellOf(cell), status }));
      await writeFile(
        join(dir, "summary.json"),
        JSON.stringify({ run: name, blocked: false, regressions, results, infra: [] }),
      );
      if (night.variants) {
        const variants = night.variants.map((v) => ({
          ...v,
          kind: "latest",
          requirements: null,
          overrides: null,
          packages: {},
          unresolved: [],
        }));
        const manifest = {
          version: 1,
          run: name,
          created: "2025-01-10T02:00:00Z",
          matrix: { file: "matrix.yml", name: "filing" },
          source: { kind: "requirements", path: "requirements.txt" },
          variants,
          skipped: [],
        };
        await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
      }
      for (const b of night.breakages)
        if (b.draft !== false) await writeFile(join(dir, "issues", `${b.fp}.md`), draftText(b));
      if (night.dashboard !== null) {
        const text = `# Nightly dependency matrix\n\n${night.dashboard ?? "Tonight's breakages."}\n\n<!-- matrix:dashboard -->\n`;
        await writeFile(join(dir, "issues", "dashboard.md"), text);
      }
      return dir;
    },
    file(run, opts = {}) {
      return runFileIssues({
        matrix: join(root, "matrix.yml"),
        reports,
        run,
        confirm: opts.confirm ?? true,
        json: true,
        env: opts.env ?? env,
        tuning: { retries: opts.retries ?? 2, retryAfterBaseMs: 1, timeoutMs: 3000, paceWrites: false, log },
        stdout: sink(),
        stderr: sink(),
      });
    },
    changes: (from = 0) => server.requests.slice(from).filter((r) => r.method !== "GET"),
    readFiled: async (run) =>
      JSON.parse(await readFile(join(run, "issues", "filed.json"), "utf8")) as FilingReport,
    async close() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
