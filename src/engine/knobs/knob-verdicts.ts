/**
 * Asks the wrapper about each knob combination, once: the merged config is written under
 * `<dir>/<job>/<id>.input.yml` (`.json` for a JSON base config), `validate` runs in the pinned environment, and the cell's config
 * (`<id>.yml`, the healed one for `heal`) is written beside it. Verdicts are cached in
 * `<dir>/verdicts.json`, keyed by the merged config and the command, so every command of one
 * run folder (run, plan, bisect) sees the same verdicts without asking again.
 */

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { delimiter, dirname, extname, join } from "node:path";
import pLimit from "p-limit";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { runProcess } from "../../adapters/exec.js";
import { readInputFile, readTextIfPresent, writeRedactedJson, writeRedactedText } from "../../adapters/fs.js";
import { createProgress, type Progress } from "../../adapters/progress.js";
import { ensureEnvironment } from "../../adapters/python-env.js";
import { writeVariantFiles } from "../../adapters/requirements-files.js";
import { shellQuote } from "../../core/issues/reproduction-section.js";
import {
  expandKnobs,
  type IdentifiedCombination,
  type KnobExpansion,
} from "../../core/knobs/expand-knobs.js";
import type { PlannedKnobCell } from "../../core/knobs/knob-jobs.js";
import { mergeOverlay, rebasePaths, unrebasePaths } from "../../core/knobs/merge-overlay.js";
import type { KnobVerdict } from "../../core/knobs/model.js";
import { parseVerdict } from "../../core/knobs/parse-verdict.js";
import type { JobSpec } from "../../core/matrix/model.js";
import { parseJsonRecord } from "../../core/records/parse-json-record.js";
import { makeVariantFiles } from "../../core/variants/variant-files.js";
import { inputErrorAt } from "../../errors.js";
import { environmentSpecOf, type MachineFacts } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";

/** One job's knobs after the wrapper judged them. */
export interface JudgedKnobs {
  job: string;
  expansion: KnobExpansion;
  /** Every judged combination, refused ones included (the plan lists those under `refused`). */
  cells: PlannedKnobCell[];
}

type Cache = Record<string, { key: string; verdict: KnobVerdict }>;

/** Judges the knobs of every job that has them; `[]` (and nothing spawned) when none has. */
export async function judgeKnobs(project: Project, facts: MachineFacts, dir: string): Promise<JudgedKnobs[]> {
  const jobs = project.matrix.jobs.filter((j) => j.knobs);
  if (jobs.length === 0) return [];
  const cacheFile = join(dir, "verdicts.json");
  const cache = await readCache(cacheFile);
  let envDir: Promise<string | null> | null = null;
  // A cold pinned environment takes minutes before the first verdict: the night says so.
  const progress = createProgress();
  const pinnedEnv = () => {
    envDir ??= pinnedEnvironment(project, facts, dir, progress);
    return envDir;
  };
  const limit = pLimit(4);
  const judged = await Promise.all(
    jobs.map(async (job) => {
      const spec = job.knobs as NonNullable<JobSpec["knobs"]>;
      const base: unknown = parse(await readInputFile(spec.config, "knobs.config base config")) ?? {};
      if (typeof base !== "object" || Array.isArray(base))
        throw inputErrorAt(
          spec.pos,
          `knobs.config ${spec.config} is not a mapping of config keys (point it at the base config)`,
        );
      const expansion = expandKnobs(spec);
      const count = expansion.combinations.length;
      const done = progress.start("knobs", `${job.name}: validate on ${count} combinations`, {
        quietUnderMs: 3000,
      });
      const cells = await Promise.all(
        expansion.combinations.map((c) =>
          limit(() => judgeOne(job, c, base as Record<string, unknown>, dir, cache, pinnedEnv)),
        ),
      );
      done(verdictCounts(cells));
      return { job: job.name, expansion, cells };
    }),
  );
  await writeRedactedJson(cacheFile, cache, process.env, { keepPaths: true });
  return judged;
}

async function judgeOne(
  job: JobSpec,
  combination: IdentifiedCombination,
  base: Record<string, unknown>,
  dir: string,
  cache: Cache,
  pinnedEnv: () => Promise<string | null>,
): Promise<PlannedKnobCell> {
  const spec = job.knobs as NonNullable<JobSpec["knobs"]>;
  const baseDir = dirname(spec.config);
  const overlaid = mergeOverlay(base, combination.knobs);
  const merged = rebasePaths(overlaid, baseDir, existsSync);
  // A JSON base config stays JSON (a wrapper may read no YAML); anything else is written as YAML.
  const json = extname(spec.config) === ".json";
  const ext = json ? ".json" : ".yml";
  const asText = (c: unknown) => (json ? `${JSON.stringify(c, null, 2)}\n` : stringify(c));
  const input = join(dir, job.name, `${combination.id}.input${ext}`);
  const text = asText(merged);
  // In the run folder, which is uploaded: secrets masked (a job reads its own from the environment).
  await writeRedactedText(input, text, process.env, { keepPaths: true });
  // Keyed on the config as the matrix file's folder writes it, before paths are made absolute:
  // a runner whose checkout lies elsewhere reuses the plan job's verdicts (they travel with it).
  const key = createHash("sha256")
    .update(`${spec.validate}\n${asText(overlaid)}`)
    .digest("hex")
    .slice(0, 16);
  const cacheKey = `${job.name}/${combination.id}`;
  let verdict = cache[cacheKey]?.key === key ? cache[cacheKey].verdict : null;
  if (!verdict) {
    const asked = await askWrapper(job, input, await pinnedEnv());
    // The healed config echoes this checkout's absolute paths; the cache travels to runners whose
    // checkout lies elsewhere, so it keeps them as the matrix file's folder writes them.
    verdict = asked.config ? { ...asked, config: unrebasePaths(asked.config, merged, overlaid) } : asked;
    cache[cacheKey] = { key, verdict };
  }
  const config = join(dir, job.name, `${combination.id}${ext}`);
  const healed =
    verdict.verdict === "heal" && verdict.config ? rebasePaths(verdict.config, baseDir, existsSync) : null;
  await writeRedactedText(config, healed ? asText(healed) : text, process.env, { keepPaths: true });
  return {
    job: job.name,
    id: combination.id,
    knobs: combination.knobs,
    verdict: verdict.verdict,
    reasons: verdict.reasons,
    config,
    input,
  };
}

async function askWrapper(job: JobSpec, input: string, envDir: string | null): Promise<KnobVerdict> {
  const spec = job.knobs as NonNullable<JobSpec["knobs"]>;
  // Without a pinned environment there is no one to ask: the cell runs as written, and says so.
  if (envDir === null)
    return {
      verdict: "warn",
      config: null,
      reasons: ["not validated: the pinned environment could not be built"],
    };
  const ran = await runProcess({
    command: spec.validate.replaceAll("{config}", shellQuote(input)),
    cwd: job.cwd,
    timeoutMs: 120_000,
    env: {
      ...job.env,
      MATRIX_CONFIG: input,
      VIRTUAL_ENV: envDir,
      PATH: `${join(envDir, "bin")}${delimiter}${process.env.PATH ?? ""}`,
    },
  });
  const reading = parseVerdict(ran.output, ran.timedOut ? null : ran.exitCode);
  if (!reading.ok)
    throw inputErrorAt(
      spec.pos,
      `knobs.validate of job "${job.name}": ${reading.problem}; make it print the verdict JSON`,
    );
  return reading.verdict;
}

/** `3 ok, 1 refuse`: how the wrapper judged one job's combinations. */
function verdictCounts(cells: PlannedKnobCell[]): string {
  const counts = new Map<string, number>();
  for (const c of cells) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  return [...counts].map(([verdict, n]) => `${n} ${verdict}`).join(", ");
}

/** The pinned requirements' environment (the cache makes it the night's own pinned one). */
async function pinnedEnvironment(
  project: Project,
  facts: MachineFacts,
  dir: string,
  progress: Progress,
): Promise<string | null> {
  const files = join(dir, "pinned");
  const planned = makeVariantFiles(project.tree, []);
  await writeVariantFiles(files, planned);
  const overrides = planned.some((f) => f.relPath === "overrides.txt") ? join(files, "overrides.txt") : null;
  // Said like each variant's environment: a cold build prints its start, heartbeats and its end.
  const done = progress.start("knobs", "pinned environment for the knob verdicts");
  const env = await ensureEnvironment(
    environmentSpecOf(project, facts, {
      requirementsFile: join(files, "requirements.txt"),
      overridesFile: overrides,
    }),
  );
  done(
    env.status === "ok"
      ? env.reused
        ? "reused"
        : `built with ${env.installer}`
      : `not built (${env.status})`,
  );
  return env.status === "ok" ? env.envDir : null;
}

// Each entry as this harness wrote it: the combination's key and the wrapper's verdict.
const verdictSchema = z.looseObject({
  verdict: z.string(),
  config: z.record(z.string(), z.unknown()).nullable(),
});
const cacheSchema = z.record(z.string(), z.looseObject({ key: z.string(), verdict: verdictSchema }));

/** The verdict cache, empty when absent; a torn one is an error naming it (never a silent re-ask). */
async function readCache(path: string): Promise<Cache> {
  const text = await readTextIfPresent(path);
  const kind = { what: "a knob verdict cache", fix: "remove it to ask the wrapper again" };
  return text === null ? {} : (parseJsonRecord(text, path, cacheSchema, kind) as unknown as Cache);
}
