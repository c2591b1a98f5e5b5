/**
 * Decides what each variant installs for every tracked package: the project's pin, the newest
 * release, or the exact upstream SHA. Pure: versions and SHAs were resolved by the caller, once
 * per run, so every variant (and every runner of the night) sees the same answer.
 */
import type { VariantSpec } from "../matrix/variant-names.js";

/** What one tracked package is in one variant. */
export type PackageState =
  | { source: "pinned"; requirement: string }
  | { source: "latest"; version: string }
  | { source: "upstream"; repo: string; branch: string; sha: string; url: string };

/** A resolution of one package: found, or why not (unreachable upstream, no final release). */
export type Resolution<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Everything resolved for a run: the pins as written, newest releases, upstream tips. */
export interface Resolved {
  pins: Record<string, string>;
  latest: Record<string, Resolution<string>>;
  upstream: Record<string, Resolution<{ repo: string; branch: string; sha: string }>>;
}

/** A requirement rewrite the requirements model applies to a variant's files. */
export interface VariantEdit {
  package: string;
  target: { kind: "version"; version: string } | { kind: "url"; url: string };
}

/** One variant, fully decided: what every tracked package is, and the edits to write it. */
export interface VariantPlan {
  name: string;
  kind: VariantSpec["kind"];
  packages: Record<string, PackageState>;
  edits: VariantEdit[];
  /** Packages that could not be resolved; a variant with any is not written (infra-error). */
  unresolved: Array<{ package: string; reason: string }>;
}

/** Builds the pip URL of a git commit: `git+<repo>@<sha>` (scp-style remotes become ssh://). */
export function makeGitUrl(repo: string, sha: string): string {
  const scp = /^([^@/]+@[^:/]+):(.+)$/.exec(repo);
  const url = scp ? `ssh://${scp[1]}/${scp[2]}` : repo;
  return `git+${url}@${sha}`;
}

/** Plans every variant over the tracked packages that the requirements mention. */
export function planVariants(specs: VariantSpec[], resolved: Resolved): VariantPlan[] {
  return specs.map((spec) => {
    const plan: VariantPlan = { name: spec.name, kind: spec.kind, packages: {}, edits: [], unresolved: [] };
    for (const [name, requirement] of Object.entries(resolved.pins)) {
      plan.packages[name] = { source: "pinned", requirement };
    }
    for (const name of spec.packages) {
      if (spec.kind === "latest") applyLatest(plan, name, resolved.latest[name]);
      if (spec.kind === "upstream") applyUpstream(plan, name, resolved.upstream[name]);
    }
    return plan;
  });
}

function applyLatest(plan: VariantPlan, name: string, found: Resolution<string> | undefined): void {
  if (!found?.ok) {
    plan.unresolved.push({ package: name, reason: found?.reason ?? "not resolved" });
    return;
  }
  plan.packages[name] = { source: "latest", version: found.value };
  plan.edits.push({ package: name, target: { kind: "version", version: found.value } });
}

function applyUpstream(
  plan: VariantPlan,
  name: string,
  found: Resolution<{ repo: string; branch: string; sha: string }> | undefined,
): void {
  if (!found?.ok) {
    plan.unresolved.push({ package: name, reason: found?.reason ?? "not resolved" });
    return;
  }
  const url = makeGitUrl(found.value.repo, found.value.sha);
  plan.packages[name] = { source: "upstream", ...found.value, url };
  plan.edits.push({ package: name, target: { kind: "url", url } });
}

/** The edits that write a variant whose packages are as given (pinned ones need none). */
export function editsOfPackages(packages: Record<string, PackageState>, except?: string): VariantEdit[] {
  const edits: VariantEdit[] = [];
  for (const [name, state] of Object.entries(packages)) {
    if (name === except || state.source === "pinned") continue;
    edits.push({
      package: name,
      target:
        state.source === "latest"
          ? { kind: "version", version: state.version }
          : { kind: "url", url: state.url },
    });
  }
  return edits;
}
