/**
 * Finds the uv binary environments are built with, and fetches it when the machine has none: an
 * installed package never runs install scripts, so uv cannot come from `npm install`. Order:
 * `$MATRIX_UV` (the user named it), the checkout's `.tools/uv` (made by `npm ci` in a clone of
 * matrix), the cache's `tools/uv-<version>/uv`, `uv` on PATH only when its version is at least the
 * pinned one (an older uv resolves differently, so the same matrix would give another answer on
 * another machine), then the pinned wheel from PyPI (sha256 checked against the hash in the code,
 * the binary unzipped and renamed into the cache whole). Each answer says why it was chosen.
 */
import { createHash } from "node:crypto";
import { constants, existsSync } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { extractZipEntry } from "../core/tools/extract-zip-entry.js";
import { isAtLeastPinned, uvVersionOf } from "../core/tools/uv-version.js";
import { pickUvWheel, UV_VERSION, type UvPlatform, uvEntryName } from "../core/tools/uv-wheels.js";
import { writeFileAtomic } from "./fs.js";
import { packagePath } from "./package-root.js";
import { AttemptFailed, retryWithBackoff } from "./retry.js";

/** Where uv was found, or why there is none (said to the user once when pip is used instead). */
export type UvLocation =
  | { path: string; source: "MATRIX_UV" | "checkout" | "cache" | "PATH" | "downloaded"; why: string }
  | { path: null; why: string };

/** Inputs of `locateUv`; tests point `env`, `cacheDir` and `checkoutUv` at their own folders. */
export interface LocateUvOptions {
  cacheDir: string;
  env?: NodeJS.ProcessEnv;
  /** The `.tools/uv/bin/uv` of a matrix checkout (default: next to this package). */
  checkoutUv?: string;
  target?: UvPlatform;
  fetch?: typeof fetch;
}

/** The cache path the pinned uv is unzipped to. */
export function cachedUvPath(cacheDir: string): string {
  return join(cacheDir, "tools", `uv-${UV_VERSION}`, "uv");
}

/** Finds uv (see the file comment for the order), downloading the pinned wheel as the last resort. */
export async function locateUv(opts: LocateUvOptions): Promise<UvLocation> {
  const env = opts.env ?? process.env;
  if (env.MATRIX_UV) return { path: env.MATRIX_UV, source: "MATRIX_UV", why: "named by MATRIX_UV" };
  const checkout = opts.checkoutUv ?? packagePath(".tools/uv/bin/uv");
  const pinned = `the pinned uv ${UV_VERSION}`;
  if (existsSync(checkout)) return { path: checkout, source: "checkout", why: `${pinned} of this checkout` };
  const cached = cachedUvPath(opts.cacheDir);
  if (existsSync(cached)) return { path: cached, source: "cache", why: `${pinned}, cached` };
  const onPath = await findOnPath("uv", env.PATH ?? "");
  const version = onPath ? uvVersionOf((await runVersion(onPath)) ?? "") : null;
  if (onPath && version && isAtLeastPinned(version))
    return { path: onPath, source: "PATH", why: `uv ${version} on PATH, not older than ${UV_VERSION}` };
  const got = await downloadUv(cached, opts.target ?? currentPlatform(), opts.fetch ?? fetch);
  if (!onPath) return got;
  const skipped = version ? `uv ${version} on PATH is older` : `${onPath} gives no uv version`;
  return { ...got, why: `${got.why} (${skipped})` };
}

/** What `uv --version` prints, or null when it does not run. */
async function runVersion(path: string): Promise<string | null> {
  try {
    return (await execa(path, ["--version"], { timeout: 10_000 })).stdout;
  } catch {
    return null; // does not run: as if it were not there, and said so in `why`
  }
}

async function findOnPath(name: string, pathVar: string): Promise<string | null> {
  for (const dir of pathVar.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/**
 * Downloads the pinned uv for this machine to `dest` (sha256 checked, written whole): what
 * `locateUv` does last, and what `npm ci` in a checkout does first, into `.tools/uv/bin/uv`.
 */
export function installPinnedUv(dest: string, doFetch: typeof fetch = fetch): Promise<UvLocation> {
  return downloadUv(dest, currentPlatform(), doFetch);
}

function currentPlatform(): UvPlatform {
  // glibcVersionRuntime is absent from Node's report on musl systems.
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  const header = report.header;
  return {
    platform: process.platform,
    arch: process.arch,
    libc: header?.glibcVersionRuntime ? "glibc" : "musl",
  };
}

async function downloadUv(dest: string, target: UvPlatform, doFetch: typeof fetch): Promise<UvLocation> {
  const wheel = pickUvWheel(target);
  if (!wheel)
    return { path: null, why: `no pinned uv ${UV_VERSION} wheel for ${target.platform}-${target.arch}` };
  // One hiccup must not send a whole night to pip: the one retry loop, as for the index.
  const got = await retryWithBackoff(
    async () => {
      let res: Response;
      try {
        res = await doFetch(wheel.url, { signal: AbortSignal.timeout(120_000) });
      } catch (err) {
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
        throw new AttemptFailed(`cannot download ${wheel.url} (${(err as Error).message}${cause})`);
      }
      if (!res.ok) throw new AttemptFailed(`${wheel.url} answered HTTP ${res.status}`, res.status < 500);
      return Buffer.from(await res.arrayBuffer());
    },
    {},
    { retries: 2, backoffMs: 500 },
  );
  if (!got.ok) return { path: null, why: got.reason };
  const bytes = got.value;
  const digest = createHash("sha256").update(bytes).digest("hex");
  if (digest !== wheel.sha256)
    return { path: null, why: `${wheel.filename} has sha256 ${digest}, expected ${wheel.sha256}` };
  let binary: Buffer | null;
  try {
    binary = extractZipEntry(bytes, uvEntryName());
  } catch (err) {
    return { path: null, why: `${wheel.filename}: ${(err as Error).message}` };
  }
  if (!binary) return { path: null, why: `${wheel.filename} holds no ${uvEntryName()}` };
  await writeFileAtomic(dest, binary, 0o755);
  return { path: dest, source: "downloaded", why: `the pinned uv ${UV_VERSION}, downloaded` };
}
