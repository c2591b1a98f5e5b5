/**
 * The policy keys of a matrix file: `expected:` (known breakages), `gate:` (what blocks the
 * release) and `notify:` (where the digest goes). zod checks their shape; this file checks what
 * zod cannot (a package that is tracked, a job that exists, a real date, a variable name rather
 * than a URL), each with its line and what to write instead.
 */
import { inputErrorAt, type SourcePos } from "../../errors.js";
import { normalizeName } from "../requirements/normalize-name.js";
import { isCredential } from "../results/scrub-env.js";
import type { ExpectedEntry, GatePolicy, JobSpec, Matrix, NotifyPolicy, TrackedPackage } from "./model.js";
import type { RawMatrix } from "./schema.js";
import { checkVariantSelectors, normalizeVariantName } from "./variant-names.js";

type NodePos = (path: Array<string | number>, key?: boolean) => SourcePos;

/** The policy part of the model, checked against the packages, jobs and variants already built. */
export function buildPolicy(
  raw: RawMatrix,
  nodePos: NodePos,
  matrix: Pick<Matrix, "packages" | "jobs" | "variants">,
): Pick<Matrix, "expected" | "gate" | "notify"> {
  return {
    expected: raw.expected.map((entry, i) => buildExpected(entry, i, nodePos, matrix.packages, matrix.jobs)),
    gate: buildGate(raw, nodePos, matrix),
    notify: raw.notify ? buildNotify(raw.notify.webhook, nodePos(["notify", "webhook"])) : null,
  };
}

function buildExpected(
  entry: RawMatrix["expected"][number],
  i: number,
  nodePos: NodePos,
  packages: TrackedPackage[],
  jobs: JobSpec[],
): ExpectedEntry {
  const at = (field?: string) => nodePos(field ? ["expected", i, field] : ["expected", i]);
  const name = `expected[${i}]`;
  if ((entry.package === undefined) === (entry.fingerprint === undefined)) {
    throw inputErrorAt(at(), `${name}: give either package or fingerprint (one of them, not both)`);
  }
  const pkg = entry.package === undefined ? null : normalizeName(entry.package);
  if (pkg !== null && !packages.some((p) => p.name === pkg)) {
    const tracked = packages.map((p) => p.name).join(", ") || "none";
    throw inputErrorAt(
      at("package"),
      `${name}.package "${entry.package}" is not under packages: (tracked: ${tracked}; name one of them or track it)`,
    );
  }
  if (typeof entry.fingerprint === "number") {
    throw inputErrorAt(at("fingerprint"), `${name}.fingerprint reads as a number: quote it ("0123...")`);
  }
  if (entry.fingerprint !== undefined && !/^[0-9a-f]{16}$/.test(entry.fingerprint)) {
    throw inputErrorAt(
      at("fingerprint"),
      `${name}.fingerprint "${entry.fingerprint}" is not a fingerprint (16 hex digits, as summary.json's regressions carry)`,
    );
  }
  if (!jobs.some((j) => j.name === entry.job)) {
    throw inputErrorAt(
      at("job"),
      `${name}.job "${entry.job}" is not a job (jobs: ${jobs.map((j) => j.name).join(", ")}; name one of them)`,
    );
  }
  if (!isIsoDate(entry.until)) {
    throw inputErrorAt(
      at("until"),
      `${name}.until "${entry.until}" is not a date (write YYYY-MM-DD: the last day the breakage is expected)`,
    );
  }
  return {
    index: i,
    package: pkg,
    fingerprint: typeof entry.fingerprint === "string" ? entry.fingerprint : null,
    job: entry.job,
    reason: entry.reason,
    link: entry.link ?? null,
    until: entry.until,
    pos: at(),
  };
}

/** `YYYY-MM-DD` naming a day that exists (no 2026-02-30). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

function buildGate(
  raw: RawMatrix,
  nodePos: NodePos,
  matrix: Pick<Matrix, "packages" | "variants">,
): GatePolicy {
  const blockOn = raw.gate.block_on.map((text, i) => ({
    text: normalizeVariantName(text),
    pos: nodePos(["gate", "block_on", i]),
  }));
  checkVariantSelectors(blockOn, matrix.packages);
  const listed = new Set(matrix.variants.map((v) => v.text));
  for (const { text, pos } of blockOn) {
    // `latest-peft` is run by `latest-each` too; anything else must be listed as written.
    const each = text.replace(/^(latest|upstream)-(?!all$|each$).+$/, "$1-each");
    if (text !== "pinned" && !listed.has(text) && !listed.has(each)) {
      throw inputErrorAt(pos, `gate.block_on names "${text}", which variants: does not run (add it there)`);
    }
  }
  return { blockOn };
}

function buildNotify(written: string, pos: SourcePos): NotifyPolicy {
  const name = written.replace(/^\$\{?([^}]*)\}?$/, "$1");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) {
    throw inputErrorAt(
      pos,
      "notify.webhook is a URL: name the environment variable that holds it instead (webhook: SLACK_WEBHOOK_URL), so the URL stays secret",
    );
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw inputErrorAt(
      pos,
      `notify.webhook "${written}" is not an environment variable name (SLACK_WEBHOOK_URL)`,
    );
  }
  // Jobs inherit the environment minus credentials: the variable must look like one to be dropped.
  if (!isCredential(name, "")) {
    throw inputErrorAt(
      pos,
      `notify.webhook "${name}" would reach the jobs: name the variable with WEBHOOK, TOKEN or SECRET in it (SLACK_WEBHOOK_URL)`,
    );
  }
  return { webhookEnv: name, pos };
}
