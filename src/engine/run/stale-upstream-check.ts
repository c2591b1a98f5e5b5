/**
 * Before an upstream variant's jobs run: is any of its upstreams older than the pin? The version
 * the upstream checkout declares is read from the environment's `site-packages` (the installed
 * record keeps the commit, not the version), the pin's exact release from the requirements
 * (`describePin`). A stale upstream makes the cell `stale-upstream` instead of a pass that
 * tested nothing newer than the release already shipped.
 */
import { listDistributions } from "../../adapters/site-packages.js";
import { describePin } from "../../core/requirements/describe-pin.js";
import { normalizeName } from "../../core/requirements/normalize-name.js";
import { locateRequirement } from "../../core/requirements/requirements-tree.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import { findStaleUpstreams, type StaleUpstream } from "../../core/variants/stale-upstream.js";
import type { Project } from "../project/load-project.js";

/** The variant's upstreams installed below their pin in `envDir`; empty for other variants. */
export async function checkStaleUpstreams(
  project: Project,
  variant: ManifestVariant,
  envDir: string,
): Promise<StaleUpstream[]> {
  const upstreams = Object.entries(variant.packages)
    .filter(([, state]) => state.source === "upstream")
    .map(([name]) => name);
  if (upstreams.length === 0) return [];
  const pins: Record<string, string | null> = {};
  for (const pkg of upstreams) {
    const [first] = locateRequirement(project.tree, pkg);
    pins[pkg] = first ? describePin(first.pin).version : null;
  }
  const versions = new Map((await listDistributions(envDir)).map((d) => [d.name, d.version]));
  const installed: Record<string, string> = {};
  for (const pkg of upstreams) {
    const version = versions.get(normalizeName(pkg));
    if (version !== undefined) installed[pkg] = version;
  }
  return findStaleUpstreams(upstreams, pins, installed);
}
