/**
 * Git mirror adapter for commit bisects: one partial bare clone per upstream URL under
 * `<cache>/mirrors/<hash of url>`, cloned once (blobs are fetched on demand, so even a large
 * upstream is quick to mirror) and fetched again on every later use. Candidates are listed from
 * the `--first-parent` history, where every commit is a state the upstream's main really had.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { redactText } from "../core/results/redact.js";
import { InputError, WorldError } from "../errors.js";
import { isPresent } from "./fs.js";
import { type GitOptions, gitEnv, isMissingRepository, lastLine } from "./git.js";
import { AttemptFailed, retryWithBackoff } from "./retry.js";

/** One commit of a bisect range; `date` is the author date in strict ISO 8601, with the author's offset. */
export interface CommitInfo {
  sha: string;
  title: string;
  author: string;
  date: string;
}

/** Never prompt for credentials: a prompt would hang a nightly run instead of failing it. */
/** Clones and fetches of a large upstream take minutes; local commands take well under one. */
const NETWORK_TIMEOUT_MS = 15 * 60_000;
const LOCAL_TIMEOUT_MS = 60_000;
const FIELD = "\x1f";

/** Where the mirror of `repo` lives in `cacheDir` (the URL's hash, so any URL makes a safe name). */
export function mirrorPathOf(repo: string, cacheDir: string): string {
  return join(cacheDir, "mirrors", createHash("sha256").update(repo).digest("hex").slice(0, 24));
}

/**
 * Returns the path of an up-to-date mirror of `repo`: an existing one gets its branches and tags
 * fetched, a missing (or broken) one is cloned under a temporary name and renamed into place, so
 * a parallel worker sees a whole mirror or none. Throws WorldError naming the URL when the
 * upstream cannot be reached after the retries.
 */
export async function ensureMirror(repo: string, cacheDir: string, opts: GitOptions = {}): Promise<string> {
  const path = mirrorPathOf(repo, cacheDir);
  if (await isBareRepo(path)) {
    const refspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];
    await runNetwork(repo, ["-C", path, "fetch", "--quiet", "--prune", "origin", ...refspecs], opts);
    return path;
  }
  await removeBroken(path);
  await mkdir(join(cacheDir, "mirrors"), { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await runNetwork(
      repo,
      ["clone", "--quiet", "--bare", "--filter=blob:none", "--", repo, temp],
      opts,
      temp,
    );
    await rename(temp, path).catch((error: NodeJS.ErrnoException) => {
      // Another worker renamed its clone into place first: theirs is as fresh as ours.
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return path;
}

/**
 * Fetches `ref` of the upstream (`refs/pull/N/head`, which a mirror of branches and tags lacks)
 * into the mirror as `local`, and returns its SHA. Exit 3 naming the URL when the upstream cannot
 * be reached; an upstream that has no such ref is the caller's input error.
 */
export async function fetchRef(
  mirror: string,
  repo: string,
  ref: string,
  local: string,
  opts: GitOptions = {},
): Promise<string | null> {
  const listed = await git(mirror, ["ls-remote", "--", repo, ref]);
  if (listed.exitCode !== 0)
    throw new WorldError(
      redactUrls(`cannot reach upstream ${repo} (git ls-remote: ${lastLine(listed.stderr)})`),
    );
  if (!listed.stdout.split("\n").some((l) => l.endsWith(`\t${ref}`))) return null;
  await runNetwork(repo, ["-C", mirror, "fetch", "--quiet", "origin", `+${ref}:${local}`], opts);
  return resolveRef(mirror, local);
}

/**
 * The full SHA of `ref` (a branch, a tag, a short or full SHA) in the mirror. Throws InputError
 * naming the ref and the upstream when it names no commit there, or names several.
 */
export async function resolveRef(mirror: string, ref: string): Promise<string> {
  const result = await git(mirror, [
    "rev-parse",
    "--verify",
    "--quiet",
    "--end-of-options",
    `${ref}^{commit}`,
  ]);
  const sha = result.stdout.trim();
  if (result.exitCode === 0 && sha) return sha;
  const url = (await git(mirror, ["config", "--get", "remote.origin.url"])).stdout.trim() || mirror;
  throw new InputError(
    redactUrls(`${ref}: no such commit, branch or tag in ${url} (or a short SHA matching several)`),
  );
}

/**
 * The `--first-parent` commits from `good` (index 0) to `bad` (last), oldest first. Throws
 * InputError naming both when `good` is not an ancestor of `bad`. When `good` lies on a side
 * branch merged in later, the list goes on with the main-line commits after that branch forked.
 */
export async function listFirstParent(mirror: string, good: string, bad: string): Promise<CommitInfo[]> {
  const [goodSha, badSha] = [await resolveRef(mirror, good), await resolveRef(mirror, bad)];
  const ancestor = await git(mirror, ["merge-base", "--is-ancestor", goodSha, badSha]);
  if (ancestor.exitCode === 1) {
    throw new InputError(`good ref ${good} (${goodSha}) is not an ancestor of bad ref ${bad} (${badSha})`);
  }
  if (ancestor.exitCode !== 0)
    throw new WorldError(`git merge-base in ${mirror}: ${lastLine(ancestor.stderr)}`);
  const format = `--format=%H${FIELD}%s${FIELD}%an${FIELD}%aI`;
  const first = await gitOrThrow(mirror, ["log", "-1", format, goodSha]);
  const rest = await gitOrThrow(mirror, [
    "log",
    "--first-parent",
    "--topo-order",
    "--reverse",
    format,
    `${goodSha}..${badSha}`,
  ]);
  return [...first.split("\n"), ...rest.split("\n")].filter(Boolean).map(parseCommitLine);
}

function parseCommitLine(line: string): CommitInfo {
  const [sha = "", title = "", author = "", date = ""] = line.split(FIELD);
  return { sha, title, author, date };
}

/** Moves a half-deleted or corrupt mirror aside before deleting it, so no reader sees it go. */
async function removeBroken(path: string): Promise<void> {
  if (!(await isPresent(path))) return;
  const aside = `${path}.broken-${process.pid}-${randomBytes(4).toString("hex")}`;
  await rename(path, aside).catch(() => undefined);
  await rm(aside, { recursive: true, force: true });
}

async function isBareRepo(path: string): Promise<boolean> {
  if (!(await isPresent(path))) return false;
  const result = await git(path, ["rev-parse", "--is-bare-repository"]);
  return result.exitCode === 0 && result.stdout.trim() === "true";
}

/** A git command on the mirror; its failures are data for the caller to judge. */
function git(cwd: string, args: string[]) {
  return execa("git", args, { cwd, env: gitEnv, reject: false, timeout: LOCAL_TIMEOUT_MS });
}

async function gitOrThrow(cwd: string, args: string[]): Promise<string> {
  const result = await git(cwd, args);
  if (result.exitCode !== 0) throw new WorldError(`git ${args[0]} in ${cwd}: ${lastLine(result.stderr)}`);
  return result.stdout;
}

/**
 * Runs a clone or fetch of `repo`, retrying with exponential backoff; a repository that does not
 * exist is not retried, since it will not appear on a retry. `cleanup` is removed between tries.
 */
async function runNetwork(repo: string, args: string[], opts: GitOptions, cleanup?: string): Promise<void> {
  const outcome = await retryWithBackoff(
    async () => {
      if (cleanup) await rm(cleanup, { recursive: true, force: true });
      const result = await execa("git", args, { env: gitEnv, reject: false, timeout: NETWORK_TIMEOUT_MS });
      if (result.exitCode === 0) return;
      const reason = lastLine(String(result.stderr || result.shortMessage || ""));
      throw new AttemptFailed(reason, isMissingRepository(reason));
    },
    opts,
    { retries: 2, backoffMs: 500 },
  );
  if (!outcome.ok) {
    throw new WorldError(
      `cannot reach upstream ${repo} (git ${args.includes("clone") ? "clone" : "fetch"}: ${outcome.reason})`,
    );
  }
}

/** Blanks credentials written into URLs (`https://user:token@host/`): messages end up in logs. */
export function redactUrls(text: string): string {
  return redactText(text, []);
}

/**
 * Where `ref` meets the line of `onto`: `ref` itself when it is an ancestor of `onto`, else
 * their merge base (a release tag on a release branch meets main where the branch was cut).
 * Null when they share no history.
 */
export async function meetOnLine(mirror: string, ref: string, onto: string): Promise<string | null> {
  const ancestor = await git(mirror, ["merge-base", "--is-ancestor", ref, onto]);
  if (ancestor.exitCode === 0) return ref;
  const base = await git(mirror, ["merge-base", ref, onto]);
  return base.exitCode === 0 && base.stdout.trim() ? base.stdout.trim() : null;
}
