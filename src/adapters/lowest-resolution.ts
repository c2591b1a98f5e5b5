/**
 * Asks uv for the lowest releases that make a variant installable when some exact pins may move
 * forward: `uv pip compile --resolution lowest-direct` over a copy of the variant's requirements
 * where each relaxed `name==pin` reads `name>=pin`. Direct requirements get their lowest allowed
 * release, so a relaxed pin stays put unless the variant forces it up, and then goes only as far
 * as needed; the other pins are still exact.
 *
 * The copy keeps `-r` / `-c` includes: the whole include tree is read, relaxed in every file and
 * written in the same layout to a temp folder (what `planVariantFiles` does for variant folders),
 * and uv runs in `cwd`, as the install did, so relative requirement lines mean the same.
 */

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exactPinOf } from "../core/requirements/exact-pin.js";
import { normalizeName } from "../core/requirements/normalize-name.js";
import { parseRequirements } from "../core/requirements/parse-requirements.js";
import { planVariantFiles } from "../core/requirements/plan-variant-files.js";
import { relaxTree } from "../core/requirements/relax-pins.js";
import { runProcess } from "./exec.js";
import { loadRequirementsTree, writeVariantFiles } from "./requirements-files.js";

/** One lowest resolution; paths absolute or relative to `cwd`'s caller. */
export interface ResolveLowestOptions {
  uvPath: string;
  /** The interpreter the environments are made from; uv resolves markers for it. */
  python: string;
  /** The failing variant's root requirements file (its includes are followed). */
  requirementsFile: string;
  /** The install's cwd, so relative requirement lines resolve as they did there. */
  cwd: string;
  indexUrl?: string;
  /** The variant's uv overrides file (pyproject sources), passed through unchanged. */
  overridesFile?: string;
  /** `$MATRIX_CACHE`; uv's download cache is `cacheDir/uv`, shared with the installs. */
  cacheDir: string;
  /** Package -> pinned version that may move forward (never below it). */
  relax: Record<string, string>;
  timeoutMs: number;
}

/** The chosen version of each relaxed package the resolution installs, or uv's output. */
export type LowestResolution = { ok: true; versions: Record<string, string> } | { ok: false; output: string };

/** `name==version` of every exact line of uv's output file, keyed by PEP 503 name. */
function readResolved(text: string, file: string): Map<string, string> {
  const resolved = new Map<string, string>();
  for (const line of parseRequirements(text, file).lines) {
    const version = line.kind === "requirement" ? exactPinOf(line)?.version : undefined;
    if (line.kind === "requirement" && version) resolved.set(line.normalizedName, version);
  }
  return resolved;
}

/** Resolves the relaxed requirements at their lowest; installs nothing. */
export async function resolveLowest(opts: ResolveLowestOptions): Promise<LowestResolution> {
  const tree = await loadRequirementsTree(opts.requirementsFile);
  const dir = await mkdtemp(join(tmpdir(), "matrix-lowest-"));
  try {
    await writeVariantFiles(dir, planVariantFiles(relaxTree(tree, opts.relax), []));
    const outFile = join(dir, "resolved.txt");
    const argv = [
      opts.uvPath,
      "pip",
      "compile",
      join(dir, "requirements.txt"),
      "--python",
      opts.python,
      "--resolution",
      "lowest-direct",
      "--no-header",
      "--no-annotate",
      // A file, not stdout: the merged output stream also carries uv's progress lines.
      "--output-file",
      outFile,
      ...(opts.indexUrl ? ["--index-url", opts.indexUrl] : []),
      ...(opts.overridesFile ? ["--overrides", opts.overridesFile] : []),
    ];
    const result = await runProcess({
      command: argv,
      cwd: opts.cwd,
      env: {
        UV_CACHE_DIR: join(opts.cacheDir, "uv"),
        UV_PYTHON_DOWNLOADS: "never",
        NO_COLOR: "1",
      },
      inherit: "full",
      timeoutMs: opts.timeoutMs,
    });
    if (result.exitCode !== 0 || result.timedOut) {
      const why = result.spawnError ?? (result.timedOut ? `timed out after ${opts.timeoutMs / 1000} s` : "");
      return { ok: false, output: [`$ ${argv.join(" ")}`, result.output, why].filter(Boolean).join("\n") };
    }
    const resolved = readResolved(await readFile(outFile, "utf8"), outFile);
    const versions: Record<string, string> = {};
    for (const name of Object.keys(opts.relax)) {
      const version = resolved.get(normalizeName(name));
      if (version !== undefined) versions[name] = version;
    }
    return { ok: true, versions };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
