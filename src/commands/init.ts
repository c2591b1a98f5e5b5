/**
 * `matrix init [--track PKG]... [--workflow] [--force]`: reads the repository it runs in, proposes
 * the tracked packages, finds each one's source repository from its index metadata and writes a
 * commented `matrix.yml` (and with --workflow the nightly and the pull request workflows). Never overwrites without
 * --force. The written file is parsed back before it is written, so init cannot leave a matrix
 * file that the next command refuses.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import pLimit from "p-limit";
import { writeFileAtomic } from "../adapters/fs.js";
import { DEFAULT_INDEX_URL } from "../adapters/index-client.js";
import { fetchProjectUrls } from "../adapters/project-urls.js";
import { proposeTracked } from "../core/init/propose-tracked.js";
import { type InitPackage, renderMatrixFile } from "../core/init/render-matrix-file.js";
import { renderPrWorkflow } from "../core/init/render-pr-workflow.js";
import { actionRepoOf, renderWorkflow } from "../core/init/render-workflow.js";
import { pickSourceRepo } from "../core/init/source-repo.js";
import { parseMatrix } from "../core/matrix/parse-matrix.js";
import { normalizeName } from "../core/requirements/normalize-name.js";
import { readRepository } from "../engine/read-repository.js";
import { InputError, WorldError } from "../errors.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Flags of `matrix init`. */
export interface InitOptions extends OutputOptions {
  track?: string[];
  workflow: boolean;
  force: boolean;
  /** The repository root (default the current folder). */
  cwd?: string;
  /** The package index to read project URLs from, and to write as the matrix's `index:`. */
  indexUrl?: string;
}

/** What init wrote, as `--json` prints it. */
export interface InitResult {
  matrix: string;
  workflow: string | null;
  /** The pull request workflow (`matrix pr`), written with the nightly one. */
  prWorkflow: string | null;
  requirements: string;
  read: string[];
  packages: InitPackage[];
  /** Training packages other files declare that the pins file lacks (so the night cannot move them). */
  notes: string[];
}

const WORKFLOW = join(".github", "workflows", "matrix-nightly.yml");
const PR_WORKFLOW = join(".github", "workflows", "matrix-pr.yml");

/** Runs init; returns the exit code (0), throwing InputError / WorldError for the CLI to map. */
export async function initCommand(opts: InitOptions): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  const targets = ["matrix.yml", ...(opts.workflow ? [WORKFLOW, PR_WORKFLOW] : [])];
  const present = targets.filter((t) => existsSync(join(cwd, t)));
  if (present.length && !opts.force)
    throw new InputError(
      `${present.join(" and ")} already exist${present.length > 1 ? "" : "s"}; pass --force to replace`,
    );
  const repo = await readRepository(cwd);
  if (!repo.requirements)
    throw new InputError(
      `${cwd} has no requirements.txt, requirements*.txt or pyproject.toml with [project] dependencies; add one (the matrix pins from it)`,
    );
  const tracked = proposeTracked(repo.dependencies, opts.track ?? []);
  const proposedElsewhere = proposeTracked(
    repo.declaredElsewhere.map((d) => d.name),
    [],
  ).filter((name) => !tracked.some((t) => normalizeName(t) === normalizeName(name)));
  const notes = proposedElsewhere.map((name) => {
    const file = repo.declaredElsewhere.find((d) => normalizeName(d.name) === normalizeName(name))?.file;
    return `${name} is declared in ${file} but not in ${repo.requirements}: add it there to track it`;
  });
  const asked = new Set((opts.track ?? []).map(normalizeName));
  // A private index is where the releases are: read it, and write it for the nights.
  const indexUrl = opts.indexUrl ?? DEFAULT_INDEX_URL;
  const listed = new Set(repo.dependencies.map(normalizeName));
  const limit = pLimit(4);
  const packages = await Promise.all(
    tracked.map((name) => limit(() => findRepo(indexUrl, name, asked.has(normalizeName(name))))),
  );
  const text = renderMatrixFile({
    name: basename(cwd),
    requirements: repo.requirements,
    pythonProject: repo.pythonProject,
    packages,
    imports: tracked.filter((name) => listed.has(normalizeName(name))),
    index: opts.indexUrl && opts.indexUrl !== DEFAULT_INDEX_URL ? opts.indexUrl : null,
  });
  parseMatrix(text, "matrix.yml", cwd);
  await writeFileAtomic(join(cwd, "matrix.yml"), text);
  if (opts.workflow) {
    const { repo: actionRepo, version } = await harnessOf();
    await writeFileAtomic(join(cwd, WORKFLOW), renderWorkflow(actionRepo, version));
    await writeFileAtomic(join(cwd, PR_WORKFLOW), renderPrWorkflow(actionRepo, version));
  }
  const result: InitResult = {
    matrix: "matrix.yml",
    workflow: opts.workflow ? WORKFLOW : null,
    prWorkflow: opts.workflow ? PR_WORKFLOW : null,
    requirements: repo.requirements,
    read: repo.read,
    packages,
    notes,
  };
  emitResult(opts, result, formatInit(result));
  return 0;
}

async function findRepo(indexUrl: string, name: string, askedFor: boolean): Promise<InitPackage> {
  try {
    const found = await fetchProjectUrls(indexUrl, name);
    const repo = pickSourceRepo(found.urls);
    return repo ? { name, repo } : { name, repo: null, note: "its project URLs name no forge repository" };
  } catch (error) {
    // A --track name the index does not know is a typo (exit 2); a dependency of the project that
    // is missing or an index that cannot be reached only costs that package its upstream variants.
    if (error instanceof InputError && askedFor) throw new InputError(`--track ${name}: ${error.message}`);
    if (error instanceof InputError || error instanceof WorldError)
      return { name, repo: null, note: error.message.split("\n")[0] ?? "" };
    throw error;
  }
}

/** The harness's repository and version, from its package.json, for the workflows' references. */
async function harnessOf(): Promise<{ repo: string | null; version: string }> {
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
    repository?: unknown;
    version?: string;
  };
  return { repo: actionRepoOf(pkg.repository), version: pkg.version ?? "0.1.0" };
}

/** Human text: what was read, each tracked package and its repository, what to run next. */
export function formatInit(result: InitResult): string {
  const lines = [`read ${result.read.join(", ")}; pins from ${result.requirements}`];
  if (!result.packages.length)
    lines.push("no Hugging Face training packages found; add some with --track NAME");
  for (const p of result.packages)
    lines.push(`  track ${p.name}: ${p.repo ?? `no upstream variants (${p.note ?? "no repository found"})`}`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  const written = [result.matrix, result.workflow, result.prWorkflow].filter(Boolean);
  lines.push(`wrote ${written.join(", ")}`);
  lines.push("next: matrix doctor (what this machine can do), then matrix nightly");
  return lines.join("\n");
}
