/**
 * `matrix init [--track PKG]... [--workflow] [--lock [--extras a,b]] [--force]`: reads the repository it runs in, proposes
 * the tracked packages, finds each one's source repository from its index metadata and writes a
 * commented `matrix.yml` (and with --workflow the nightly and the pull request workflows). Never overwrites without
 * --force. With --lock the requirements source (and the chosen extras) is compiled into
 * `requirements.lock.txt`, which the matrix then pins from. The written file is parsed back
 * before it is written, so init cannot leave a matrix file that the next command refuses.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import pLimit from "p-limit";
import { readTextIfPresent, writeFileAtomic } from "../adapters/fs.js";
import { DEFAULT_INDEX_URL } from "../adapters/index-client.js";
import { locatePackage, packagePath } from "../adapters/package-root.js";
import { fetchProjectUrls } from "../adapters/project-urls.js";
import { chooseExtras } from "../core/init/choose-extras.js";
import { proposeTracked } from "../core/init/propose-tracked.js";
import { countVariants, type InitPackage, renderMatrixFile } from "../core/init/render-matrix-file.js";
import { renderPrWorkflow } from "../core/init/render-pr-workflow.js";
import { actionRepoOf, renderWorkflow } from "../core/init/render-workflow.js";
import { pickSourceRepo } from "../core/init/source-repo.js";
import { parseMatrix } from "../core/matrix/parse-matrix.js";
import { normalizeName } from "../core/requirements/normalize-name.js";
import { LOCK_FILE, readRepository } from "../engine/project/read-repository.js";
import { writeLock } from "../engine/project/write-lock.js";
import { InputError, WorldError } from "../errors.js";
import { formatInit, type InitResult } from "./format-init.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Flags of `matrix init`. */
export interface InitOptions extends OutputOptions {
  track?: string[];
  workflow: boolean;
  force: boolean;
  /** Compile the requirements source into `requirements.lock.txt` and pin from it. */
  lock?: boolean;
  /** Optional dependency groups to compile into the lock, comma-separated (`eval,deepspeed`). */
  extras?: string;
  /** The index the project installs from; default the pins file's `--index-url`, else PyPI. */
  indexUrl?: string;
  /** The repository root (default the current folder). */
  cwd?: string;
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
  const targets = [
    "matrix.yml",
    ...(opts.workflow ? [WORKFLOW, PR_WORKFLOW] : []),
    ...(opts.lock ? [LOCK_FILE] : []),
  ];
  const present = targets.filter((t) => existsSync(join(cwd, t)));
  if (present.length && !opts.force)
    throw new InputError(
      `${present.join(" and ")} already exist${present.length > 1 ? "" : "s"}; pass --force to replace`,
    );
  const source = await readRepository(cwd, { withoutLock: opts.lock === true });
  if (!source.requirements)
    throw new InputError(
      `${cwd} has no requirements.txt, requirements*.txt or pyproject.toml with [project] dependencies; add one (the matrix pins from it)`,
    );
  const extras = chooseExtras(opts.extras, opts.lock === true, source.requirements, source.extras);
  const chosenIndex = opts.indexUrl ?? source.indexUrl;
  const lock = opts.lock
    ? await writeLock({
        cwd,
        source: source.requirements,
        extras,
        indexUrl: chosenIndex,
        python: "python3",
      })
    : null;
  // Read again with the lock written: it is now the pins file, and its names are what can be tracked.
  const repo = lock ? await readRepository(cwd) : source;
  if (!repo.requirements) throw new InputError(`${cwd}: the lock was not found after writing it`);
  // A lock lists transitives too: what is proposed is what the project itself declares.
  const locked = new Set(source.requirements === LOCK_FILE ? source.dependencies.map(normalizeName) : []);
  const direct =
    locked.size > 0
      ? [...source.declaredElsewhere.map((d) => d.name), ...source.extras.flatMap((g) => g.packages)].filter(
          (name) => locked.has(normalizeName(name)),
        )
      : [
          ...source.dependencies,
          ...source.extras.filter((g) => extras.includes(g.extra)).flatMap((g) => g.packages),
        ];
  const tracked = proposeTracked(direct, opts.track ?? []);
  const proposedElsewhere = proposeTracked(
    source.declaredElsewhere.map((d) => d.name),
    [],
  ).filter((name) => !tracked.some((t) => normalizeName(t) === normalizeName(name)));
  const notes = proposedElsewhere.map((name) => {
    const file = source.declaredElsewhere.find((d) => normalizeName(d.name) === normalizeName(name))?.file;
    return `${name} is declared in ${file} but not in ${source.requirements}: add it there to track it`;
  });
  const asked = new Set((opts.track ?? []).map(normalizeName));
  const listed = new Set(repo.dependencies.map(normalizeName));
  const limit = pLimit(4);
  const index = chosenIndex ?? DEFAULT_INDEX_URL;
  if (repo.loosePins.length > 0) {
    const shown = repo.loosePins.slice(0, 5).join(", ");
    const more = repo.loosePins.length > 5 ? `, and ${repo.loosePins.length - 5} more` : "";
    notes.push(
      `${repo.loosePins.length} of ${repo.pinCount} requirements in ${repo.requirements} are not exact pins (${shown}${more}): pinned tests whatever resolves that night; run matrix init --lock --force to pin them all in ${LOCK_FILE}`,
    );
  }
  if (lock)
    notes.push(
      `${lock.file}: ${lock.pins} exact pins (transitives included) from ${source.requirements}${extras.length ? ` with extras ${extras.join(", ")}` : ""} in ${lock.seconds} s; commit it, and remake it with: ${lock.command}`,
    );
  const ignored = (await readTextIfPresent(join(cwd, ".gitignore"))) ?? "";
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
    await writeFileAtomic(join(cwd, PR_WORKFLOW), renderPrWorkflow(actionRepo, version, commit));
  }
  const result: InitResult = {
    matrix: "matrix.yml",
    workflow: opts.workflow ? WORKFLOW : null,
    prWorkflow: opts.workflow ? PR_WORKFLOW : null,
    requirements: repo.requirements,
    read: repo.read,
    lock,
    extras: source.extras.map((g) => ({ ...g, chosen: extras.includes(g.extra) })),
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
  const place = locatePackage();
  const pkg = JSON.parse(await readFile(packagePath("package.json", place), "utf8")) as {
    repository?: unknown;
    version?: string;
  };
  // Written by `prepare` in a git checkout (scripts/write-release-ref.mjs); a run from source has
  // no build, so it names no commit even when a dist/ lies beside it.
  const release = (place.built && (await readTextIfPresent(packagePath("dist/release.json", place)))) || "{}";
  const commit = (JSON.parse(release) as { commit?: unknown }).commit;
  return {
    repo: actionRepoOf(pkg.repository),
    version: pkg.version ?? "0.1.0",
    commit: typeof commit === "string" && /^[0-9a-f]{40}$/.test(commit) ? commit : null,
  };
}
