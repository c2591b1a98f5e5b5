/**
 * The release gate: may the release candidate ship? It is blocked when a job does not pass under
 * `pinned` (fails, cannot be installed, or could not be tried: a gate vouches only for what ran),
 * or when a variant the policy adds (`gate.block_on`) breaks. Upstream breakage elsewhere warns;
 * a breakage an `expected:` entry covers neither blocks nor warns. Pure: summary in, verdict out.
 */
import { parseResolverReport } from "../results/resolver-report.js";
import type { ExpectedEntryReport, ExpectedMark } from "../triage/mark-expected.js";
import { signatureOf, type TriageInput } from "../triage/triage-run.js";
import { cellsOf, type GateSummary } from "./gate-summary.js";

/** What blocks beyond pinned, and which jobs pinned must pass. */
export interface GatePolicyInput {
  /** Selectors as `gate.block_on` lists them (`latest-all`, `upstream-each`). */
  blockOn: readonly string[];
  /** The matrix file's jobs; each must have a passing pinned result. Empty: the jobs that ran. */
  jobs: readonly string[];
}

/**
 * One thing the gate reports: `broken` (fail, install error, timeout), `unsatisfiable`,
 * `not-tested` (infra error), `missing` (no result at all) or `flaky` (passed on a retry).
 */
export interface GateFinding {
  kind: "broken" | "unsatisfiable" | "not-tested" | "missing" | "flaky";
  variant: string;
  job: string;
  status: string;
  culprits: string[];
  fingerprint: string | null;
  signature: string | null;
  /** The night's bisect: its first bad ref and title, when one was found. */
  first_bad: string | null;
  expected: ExpectedMark | null;
  /** One line for a log or an annotation. */
  message: string;
}

/** The verdict, as `gate.json` records it. */
export interface GateDecision {
  gate: "pass" | "blocked";
  blocked: boolean;
  /** Why it is blocked, one line per blocker; empty when it passes. */
  reasons: string[];
  blockers: GateFinding[];
  /** Upstream breakage that does not block, and pinned jobs that passed only on a retry. */
  warnings: GateFinding[];
  /** Breakages an `expected:` entry covers: shown, never alerting. */
  expected: GateFinding[];
  /** Entries past their `until`, and entries whose breakage is gone: both want editing. */
  entries: { expired: ExpectedEntryReport[]; stale: ExpectedEntryReport[] };
}

/** Whether selector `selector` (`latest-all`, `upstream-each`, `latest-peft`) names `variant`. */
export function selectsVariant(selector: string, variant: string): boolean {
  if (selector === variant) return true;
  const each = /^(latest|upstream)-each$/.exec(selector);
  // A companion (`latest-trl+transformers`) or `-all` is not one of the `-each` variants.
  return each !== null && new RegExp(`^${each[1]}-(?!all$)[^+]+$`).test(variant);
}

/** Decides the gate of one night's summary under `policy`. */
export function decideGate(summary: GateSummary, policy: GatePolicyInput): GateDecision {
  const blocking = (variant: string) =>
    variant === "pinned" || policy.blockOn.some((s) => selectsVariant(s, variant));
  const decision: GateDecision = {
    gate: "pass",
    blocked: false,
    reasons: [],
    blockers: [],
    warnings: [],
    expected: [],
    entries: { expired: summary.expected?.expired ?? [], stale: summary.expected?.stale ?? [] },
  };
  const file = (finding: GateFinding, blocks: boolean) => {
    if (finding.expected) decision.expected.push(finding);
    else if (blocks) decision.blockers.push(finding);
    else decision.warnings.push(finding);
  };
  for (const b of summary.blockers) {
    const culprits = b.failure?.blame ? [b.failure.blame] : [];
    const kind = b.status === "unsatisfiable" ? "unsatisfiable" : "broken";
    file(findingOf(kind, b, { culprits, fingerprint: b.fingerprint ?? null, expected: b.expected }), true);
  }
  for (const r of summary.regressions) {
    const extra = { culprits: r.culprits, fingerprint: r.fingerprint, expected: r.expected };
    const first = r.bisect?.first_bad
      ? `${r.bisect.first_bad}${r.bisect.title ? ` ${r.bisect.title}` : ""}`
      : null;
    const finding = { ...findingOf("broken", r, extra), first_bad: first };
    // A source build failing on this runner warns as what it is, never as main breaking the job.
    if (r.evidence === "build")
      finding.message = `${r.variant} / ${r.job}: ${r.status}, the source build of ${r.culprits.join(" + ")} fails on this runner (its pinned release built from source fails alike): not a regression of main`;
    file(finding, blocking(r.variant));
  }
  for (const u of summary.unsatisfiable) {
    if (u.variant !== "pinned")
      file(
        // Its detail is the resolver's deepest reason, as the terminal shows it.
        findingOf(
          "unsatisfiable",
          {
            ...u,
            status: "unsatisfiable",
            signature: parseResolverReport(u.explanation)?.reason ?? u.explanation,
          },
          { culprits: u.culprits },
        ),
        blocking(u.variant),
      );
  }
  const cells = cellsOf(summary);
  for (const cell of cells) {
    // A stale upstream tested nothing newer than the pin: for a gating variant that is untested.
    const untried = cell.status === "infra-error" || cell.status === "stale-upstream";
    if (untried && blocking(cell.variant)) file(findingOf("not-tested", cell), true);
    if (cell.status === "flaky" && cell.variant === "pinned") file(findingOf("flaky", cell), false);
  }
  const jobs = policy.jobs.length > 0 ? policy.jobs : [...new Set(cells.map((c) => c.job))];
  for (const job of jobs) {
    if (!cells.some((c) => c.variant === "pinned" && c.job === job)) {
      file(findingOf("missing", { variant: "pinned", job, status: "missing" }), true);
    }
  }
  decision.blocked = decision.blockers.length > 0;
  decision.gate = decision.blocked ? "blocked" : "pass";
  decision.reasons = decision.blockers.map((f) => f.message);
  return decision;
}

function findingOf(
  kind: GateFinding["kind"],
  cell: {
    variant: string;
    job: string;
    status: string;
    failure?: TriageInput["failure"];
    signature?: string;
  },
  extra: { culprits?: string[]; fingerprint?: string | null; expected?: ExpectedMark | undefined } = {},
): GateFinding {
  const culprits = extra.culprits ?? [];
  const signature =
    cell.signature ?? (cell.failure ? signatureOf({ ...cell, status: "fail", failure: cell.failure }) : null);
  const finding: GateFinding = {
    kind,
    variant: cell.variant,
    job: cell.job,
    status: cell.status,
    culprits,
    fingerprint: extra.fingerprint ?? null,
    signature,
    first_bad: null,
    expected: extra.expected ?? null,
    message: "",
  };
  return { ...finding, message: describeFinding(finding) };
}

/** One line: where, what, who, and the failure's signature. */
export function describeFinding(f: Omit<GateFinding, "message">): string {
  const where = `${f.variant} / ${f.job}`;
  if (f.kind === "missing") return `${where}: no result; the gate vouches only for jobs that ran (run it)`;
  if (f.kind === "not-tested")
    return f.status === "stale-upstream"
      ? `${where}: not tested (stale-upstream); the upstream is older than the pin`
      : `${where}: not tested (infra-error); the night could not try it`;
  if (f.kind === "flaky") return `${where}: passed only on a retry (flaky)`;
  const who = f.culprits.length > 0 ? `, culprit ${f.culprits.join(" + ")}` : "";
  const first = f.first_bad ? `, first bad ${f.first_bad}` : "";
  const sig = f.signature && f.signature !== f.status ? `: ${f.signature.split("\n")[0]?.slice(0, 200)}` : "";
  return `${where}: ${f.status}${who}${first}${sig}`;
}
