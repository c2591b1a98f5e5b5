/**
 * `matrix doctor`'s verdict: one line per capability, and exit 3 when something the matrix file
 * needs is missing (a GPU for a job on GPU runners, git and the upstreams for upstream variants).
 * A missing thing nothing needs (no token, no GPU for CPU jobs) is said, and does not fail.
 */

/** One capability of the machine, as probed. */
export interface DoctorCheck {
  /** Short name shown in the first column: python, uv, git, index, upstream, gpu, token. */
  name: string;
  /** `ok`: works; `missing`: does not; `note`: absent but optional, or a fallback is in use. */
  status: "ok" | "missing" | "note";
  /** What was found, or what is wrong and what to do. */
  detail: string;
  /** Whether the matrix file needs it (a missing needed check fails the doctor). */
  needed: boolean;
}

/** The lines to print and the exit code: 3 when a needed check is missing, else 0. */
export function summarizeDoctor(checks: readonly DoctorCheck[]): { lines: string[]; exitCode: 0 | 3 } {
  const label = (c: DoctorCheck) =>
    c.status === "ok" ? "ok" : c.status === "note" ? "note" : c.needed ? "MISSING" : "absent";
  const width = Math.max(...checks.map((c) => c.name.length), 4);
  const lines = checks.map((c) => `${label(c).padEnd(8)}${c.name.padEnd(width + 2)}${c.detail}`);
  const failing = checks.filter((c) => c.status === "missing" && c.needed);
  if (failing.length)
    lines.push(
      `matrix doctor: ${failing.length} thing${failing.length > 1 ? "s" : ""} the matrix needs ${failing.length > 1 ? "are" : "is"} missing (${[...new Set(failing.map((c) => c.name))].join(", ")})`,
    );
  else lines.push("matrix doctor: this machine can run the matrix");
  return { lines, exitCode: failing.length ? 3 : 0 };
}

/** Whether a job's runs-on labels ask for a GPU runner. */
export function wantsGpu(runsOn: readonly string[]): boolean {
  return runsOn.some((label) => /gpu|cuda/i.test(label));
}

/** The token line: scopes from GitHub's `x-oauth-scopes` header (absent for app and Actions tokens). */
export function describeToken(status: number, scopes: string | null): Omit<DoctorCheck, "name" | "needed"> {
  if (status === 401)
    return { status: "missing", detail: "GITHUB_TOKEN is set but GitHub rejects it (401); renew it" };
  if (status >= 400) return { status: "missing", detail: `GitHub answered HTTP ${status} to the token` };
  const what =
    scopes === null
      ? "a token without classic scopes (an app or Actions token)"
      : `scopes: ${scopes || "(none)"}`;
  return { status: "ok", detail: `GITHUB_TOKEN accepted; ${what}` };
}
