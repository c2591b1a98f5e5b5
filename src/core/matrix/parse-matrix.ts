/**
 * Parses a matrix file's text into a validated `Matrix`. Pure: the caller reads the file. Every
 * error is one `file:line:col: message` line pointing at the offending node.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { type Document, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { inputErrorAt, type SourcePos } from "../../errors.js";
import { buildKnobs } from "../knobs/parse-knobs.js";
import { prThresholdsOf } from "../pr/pr-thresholds.js";
import { normalizeName } from "../requirements/normalize-name.js";
import { parseDuration } from "./duration.js";
import type { JobSpec, Matrix, TrackedPackage } from "./model.js";
import { buildPolicy } from "./parse-policy.js";
import { matrixSchema, type RawMatrix } from "./schema.js";
import { suggestKey } from "./suggest-key.js";
import { checkVariantSelectors, normalizeVariantName } from "./variant-names.js";

/** Parses and validates `text`, the contents of the matrix file at `file` (as the user named it). */
export function parseMatrix(text: string, file: string, dir: string): Matrix {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const posAt = (offset: number): SourcePos => ({ file, ...lines.linePos(offset) });
  const syntax = doc.errors[0];
  if (syntax) {
    throw inputErrorAt(posAt(syntax.pos[0]), `${syntax.message.split("\n")[0]} (fix the YAML syntax)`);
  }
  const parsed = matrixSchema.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (!parsed.success) throw describeIssues(parsed.error.issues, doc, posAt);
  const nodePos = (path: Array<string | number>, key = false): SourcePos =>
    posAt(offsetOf(doc, path, key) ?? 0);
  return buildMatrix(parsed.data, { file, dir, nodePos });
}

interface BuildContext {
  file: string;
  dir: string;
  nodePos: (path: Array<string | number>, key?: boolean) => SourcePos;
}

function buildMatrix(raw: RawMatrix, ctx: BuildContext): Matrix {
  const inDir = (p: string) => (isAbsolute(p) ? p : resolve(ctx.dir, p));
  const packages: TrackedPackage[] = Object.entries(raw.packages).map(([key, spec]) => ({
    name: normalizeName(key),
    repo: spec?.repo ? resolveRepo(spec.repo, ctx.dir) : null,
    branch: spec?.branch ?? "main",
    // Filing upstream is agreed with upstream first: off unless a package opts in.
    fileUpstream: spec?.file_upstream ?? false,
    pos: ctx.nodePos(["packages", key], true),
  }));
  const projectPath = raw.project.path ? inDir(raw.project.path) : null;
  const requirements = inDir(raw.project.requirements);
  // Without a project folder, jobs run where the requirements live (a training repo's root).
  const workdir = projectPath ?? dirname(requirements);
  const jobs: JobSpec[] = Object.entries(raw.jobs).map(([name, job]) => {
    const timeoutSeconds = parseDuration(job.timeout);
    if (timeoutSeconds === null) {
      throw inputErrorAt(
        ctx.nodePos(["jobs", name, "timeout"]),
        `timeout "${job.timeout}" is not a duration (write seconds or 90s, 10m, 1h)`,
      );
    }
    const cwd = job.cwd ? inDir(job.cwd) : workdir;
    return {
      name,
      run: job.run,
      cwd,
      timeoutSeconds,
      retries: job.retries,
      runsOn: typeof job["runs-on"] === "string" ? [job["runs-on"]] : job["runs-on"],
      expect: job.expect,
      env: Object.fromEntries(Object.entries(job.env).map(([k, v]) => [k, String(v)])),
      ...(job.knobs ? { knobs: buildKnobs(job.knobs, name, cwd, ctx.nodePos) } : {}),
    };
  });
  if (jobs.length === 0) throw inputErrorAt(ctx.nodePos(["jobs"]), "no jobs: add at least one smoke job");
  const variants = raw.variants.map((text, i) => ({
    text: normalizeVariantName(text),
    pos: ctx.nodePos(["variants", i]),
  }));
  checkVariantSelectors(variants, packages);
  const policy = buildPolicy(raw, ctx.nodePos, { packages, jobs, variants });
  return {
    file: ctx.file,
    dir: ctx.dir,
    name: raw.name,
    project: {
      path: projectPath,
      requirements,
      workdir,
      systemSitePackages: raw.project.system_site_packages,
    },
    python: raw.python.includes("/") ? inDir(raw.python) : raw.python,
    index: raw.index ?? null,
    installer: raw.installer,
    packages,
    variants,
    jobs,
    ...policy,
    history: { keep: raw.history?.keep ?? null },
    pr: prThresholdsOf(raw.pr),
  };
}

/** Relative repo paths (`../upstreams/peft`) are made `file://` URLs against the matrix folder. */
function resolveRepo(repo: string, dir: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/]+@[^:]+:/.test(repo)) return repo;
  return `file://${isAbsolute(repo) ? repo : resolve(dir, repo)}`;
}

function offsetOf(doc: Document, path: Array<string | number>, key: boolean): number | undefined {
  if (key && path.length > 0) {
    const parent = doc.getIn(path.slice(0, -1), true) as {
      items?: Array<{ key?: { value?: unknown; range?: number[] } }>;
    };
    const pair = parent?.items?.find((item) => item.key?.value === path[path.length - 1]);
    if (pair?.key?.range) return pair.key.range[0];
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node =
      depth === 0
        ? doc.contents
        : (doc.getIn(path.slice(0, depth), true) as { range?: number[] } | undefined);
    if (node && typeof node === "object" && "range" in node && node.range) return node.range[0];
  }
  return undefined;
}

/**
 * The one error to show. An unknown key comes first even when zod lists the key it hides as
 * missing before it (`variant:` makes `variants` missing): the typo is the cause.
 */
function describeIssues(
  issues: z.core.$ZodIssue[],
  doc: Document,
  posAt: (offset: number) => SourcePos,
): Error {
  const issue = issues.find((i) => i.code === "unrecognized_keys") ?? issues[0];
  if (!issue) return inputErrorAt(posAt(0), "invalid matrix file");
  const pathOf = (i: z.core.$ZodIssue) => i.path.filter((p): p is string | number => typeof p !== "symbol");
  const path = pathOf(issue);
  const where = path.join(".") || "the file";
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const offset = offsetOf(doc, [...path, key], true) ?? 0;
    // Keys missing beside it are the likeliest meaning; else any key the schema knows there.
    const missing = issues
      .filter(
        (i) => i.code === "invalid_type" && i.input === undefined && pathOf(i).length === path.length + 1,
      )
      .filter((i) => pathOf(i).slice(0, -1).join(".") === path.join("."))
      .map((i) => String(pathOf(i).at(-1)));
    const hint = suggestKey(key, missing) ?? suggestKey(key, knownKeysAt(path));
    const advice = hint ? `did you mean "${hint}"?` : "remove it or check its spelling";
    return inputErrorAt(posAt(offset), `unknown key "${key}" in ${where}; ${advice}`);
  }
  const offset = offsetOf(doc, path, false) ?? 0;
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return inputErrorAt(
      posAt(offset),
      `missing "${path[path.length - 1]}" in ${path.slice(0, -1).join(".") || "the file"} (add it)`,
    );
  }
  return inputErrorAt(posAt(offset), `${where}: ${issue.message.toLowerCase()}`);
}

/** The keys the schema allows at `path` (object levels only; records and arrays are stepped through). */
function knownKeysAt(path: Array<string | number>): string[] {
  let schema: unknown = matrixSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    const def = (schema as { def?: { type?: string; valueType?: unknown; element?: unknown } }).def;
    if (def?.type === "object")
      schema = (schema as { shape: Record<string, unknown> }).shape[String(segment)];
    else if (def?.type === "record") schema = def.valueType;
    else if (def?.type === "array") schema = def.element;
    else return [];
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (s?.def && ["optional", "nullable", "default"].includes(s.def.type ?? ""))
    s = s.def.innerType as typeof s;
  return s;
}
