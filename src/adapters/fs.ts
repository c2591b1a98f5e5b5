/**
 * File-system adapter. Every file matrix writes goes through `writeFileAtomic`: a temp file in the
 * same folder, then a rename, so a killed run never leaves a torn file behind.
 */
import { mkdir, readdir, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import writeWholeFile from "write-file-atomic";
import { collectSecrets, type RedactOptions, redactDeep, redactText } from "../core/results/redact.js";
import { InputError } from "../errors.js";

/**
 * Writes `data` to `path` whole: readers see the old file or the new one, never half. `mode`
 * (an executable, say) is set before the rename, so no reader sees the file without it. The
 * work is npm's `write-file-atomic` (temp file, fsync, rename; the temp file removed on failure
 * and on a signal; concurrent writes to one path queued in order).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeWholeFile(
    path,
    typeof data === "string" ? data : Buffer.from(data),
    mode === undefined ? {} : { mode },
  );
}

/** Writes JSON with a trailing newline, atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes a record that may leave the machine (results, summaries, bisect records) as JSON, with
 * the harness's credentials, URL passwords and token-shaped strings masked first. Every file of
 * a run folder is written this way or with `writeRedactedText` (the folder is uploaded whole);
 * `writeFileAtomic` alone is for what stays on the machine (the cache, the user's own files).
 */
export async function writeRedactedJson(
  path: string,
  value: unknown,
  env = process.env,
  opts: RedactOptions = {},
): Promise<void> {
  await writeJsonAtomic(path, redactDeep(value, collectSecrets(env), opts));
}

/**
 * Writes text that may leave the machine (an issue draft, the dashboard) whole, through the same
 * redactor as `writeRedactedJson`: credentials of `env`, URL passwords, secret settings, token
 * shapes and home folders masked.
 */
export async function writeRedactedText(
  path: string,
  text: string,
  env = process.env,
  opts: RedactOptions = {},
): Promise<void> {
  await writeFileAtomic(path, redactText(text, collectSecrets(env), opts));
}

/** Reads a file the user pointed us at; a missing one is an input error naming it and `what`. */
export async function readInputFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new InputError(`${path}:1:1: cannot read the ${what} (${code}); check the path`);
  }
}

/**
 * What `pending` (an fs call on `path`) gives, or undefined when nothing is at `path` (ENOENT).
 * Anything else (no permission, a folder where a file should be, a file where a folder should
 * be: ENOTDIR) is an input error naming the path: a corrupt record must never pass for an absent one.
 */
export async function unlessAbsent<T>(path: string, pending: Promise<T>): Promise<T | undefined> {
  try {
    return await pending;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new InputError(
      `${path}: cannot be read (${code ?? (error as Error).message}); repair or remove it`,
    );
  }
}

/** The text of `path`, or null when it is absent; unreadable is an input error (`unlessAbsent`). */
export async function readTextIfPresent(path: string): Promise<string | null> {
  return (await unlessAbsent(path, readFile(path, "utf8"))) ?? null;
}

/** The names in the folder `dir`, none when it is absent; unreadable is an input error. */
export async function listIfPresent(dir: string): Promise<string[]> {
  return (await unlessAbsent(dir, readdir(dir))) ?? [];
}

/** Whether something is at `path`; a path that cannot be looked at is an input error. */
export async function isPresent(path: string): Promise<boolean> {
  return (await unlessAbsent(path, stat(path))) !== undefined;
}
