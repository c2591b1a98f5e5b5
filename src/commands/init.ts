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
import { countVariants, type InitPackage, renderMatrixFile } from "../core/init/render-matrix-file.js";
import { renderPrWorkflow } from "../core/init/render-pr-workflow.js";
import { actionRepoOf, renderWorkflow } from "../core/init/render-workflow.js";
import { pickSourceRepo } from "../core/init/source-repo.js";
import { parseMatrix } from "../core/matrix/parse-matrix.js";
import { normalizeName } from "../core/requirements/normalize-name.js";
import { readRepository } from "../engine/project/read-repository.js";
import { InputError, WorldError } from "../errors.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Flags of `matrix init`. */
export interface InitOptions extends OutputOptions {
  track?: string[];
  workflow: boolean;
  force: boolean;
  /** The index the project installs from; default the pins file's `--index-url`, else PyPI. */
  indexUrl?: string;
  /** The repository root (default the current folder). */
  cwd?: string;
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
  /** Training packages other files declare that the pins file lacks, tracked packages built from source. */
  notes: string[];
  /** Variants x jobs the written matrix runs a night (one import smoke job). */
  cells: number;
}

// Tracked packages whose main branch builds native code for a long time: tracking them is allowed, but said.
const SOURCE_BUILD_HEAVY = new Set([
  "torch",
  "tensorflow",
  "jax",
  "jaxlib",
  "flash-attn",
  "xformers",
  "deepspeed",
]);

/** The date `months` after `now`, YYYY-MM-DD: the example expected entry's expiry, never a date long past. */
export function monthsAhead(now: Date, months: number): string {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
  return at.toISOString().slice(0, 10);
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
  const listed = new Set(repo.dependencies.map(normalizeName));
  const limit = pLimit(4);
  const chosenIndex = opts.indexUrl ?? repo.indexUrl;
  const index = chosenIndex ?? DEFAULT_INDEX_URL;
  if (repo.loosePins.length > 0) {
    const shown = repo.loosePins.slice(0, 5).join(", ");
    const more = repo.loosePins.length > 5 ? `, and ${repo.loosePins.length - 5} more` : "";
    notes.push(
      `${repo.loosePins.length} of ${repo.pinCount} requirements in ${repo.requirements} are not exact pins (${shown}${more}): pinned tests whatever resolves that night; commit a lock (uv pip compile ${repo.requirements} -o requirements.lock) and point project.requirements at it`,
    );
  }
  const ignored = await readFile(join(cwd, ".gitignore"), "utf8").catch(() => "");
  if (!/^\/?reports\/?\s*$/m.test(ignored))
    notes.push("add reports/ to .gitignore: run folders, history and the dashboard are written there");
  const packages = await Promise.all(
    tracked.map((name) => limit(() => findRepo(index, name, asked.has(normalizeName(name))))),
  );
  for (const name of tracked)
    if (SOURCE_BUILD_HEAVY.has(normalizeName(name)))
      notes.push(
        `${name} is tracked: its upstream variants build it from source (hours for PyTorch); drop its repo to test its releases only`,
      );
  const text = renderMatrixFile({
    name: basename(cwd),
    requirements: repo.requirements,
    pythonProject: repo.pythonProject,
    projectName: repo.projectName,
    packages,
    imports: tracked.filter((name) => listed.has(normalizeName(name))),
    index: chosenIndex,
    until: monthsAhead(new Date(), 6),
  });
  const withRepo = packages.filter((p) => p.repo !== null).length;
  const cells = countVariants(packages.length, withRepo);
  parseMatrix(text, "matrix.yml", cwd);
  await writeFileAtomic(join(cwd, "matrix.yml"), text);
  if (opts.workflow) {
    const { repo: actionRepo, version, commit } = await harnessOf();
    await writeFileAtomic(join(cwd, WORKFLOW), renderWorkflow(actionRepo, version, commit));
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
    cells,
  };
  emitResult(opts, result, formatInit(result));
  return 0;
}

async function findRepo(index: string, name: string, askedFor: boolean): Promise<InitPackage> {
  try {
    const found = await fetchProjectUrls(index, name);
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
async function harnessOf(): Promise<{ repo: string | null; version: string; commit: string | null }> {
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
    repository?: unknown;
    version?: string;
  };
  // Written by `prepare` in a git checkout (scripts/write-release-ref.mjs); absent when run from source.
  const release = await readFile(new URL("../release.json", import.meta.url), "utf8").catch(() => "{}");
  const commit = (JSON.parse(release) as { commit?: unknown }).commit;
  return {
    repo: actionRepoOf(pkg.repository),
    version: pkg.version ?? "0.1.0",
    commit: typeof commit === "string" && /^[0-9a-f]{40}$/.test(commit) ? commit : null,
  };
}

/** Human text: what was read, each tracked package and its repository, what to run next. */
export function formatInit(result: InitResult): string {
  const lines = [`read ${result.read.join(", ")}; pins from ${result.requirements}`];
  if (!result.packages.length)
    lines.push("no Hugging Face training packages found; add some with --track NAME");
  for (const p of result.packages)
    lines.push(`  track ${p.name}: ${p.repo ?? `no upstream variants (${p.note ?? "no repository found"})`}`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  lines.push(
    `plan: ${result.cells} cells a night (pinned, one latest per tracked package, latest-all, upstream ones), each one environment plus the import smoke`,
  );
  const written = [result.matrix, result.workflow, result.prWorkflow].filter(Boolean);
  lines.push(`wrote ${written.join(", ")}`);
  lines.push("next: matrix doctor (what this machine can do), then matrix nightly");
  return lines.join("\n");
}
