/**
 * An upstream that is older than the pin: a main branch whose version is below the release the
 * project pins (a lagging mirror gives the same: `0.20.1.dev0` against `0.21.1`). Such a cell
 * tests nothing newer than the pin, so its pass says nothing about upstream: it is reported as
 * `stale-upstream`, never as a pass. Pure.
 */
import { baseVersionOf, compareVersions } from "../versions/order-versions.js";

/** One upstream package installed below its pin. */
export interface StaleUpstream {
  package: string;
  /** The version the upstream checkout declares (`0.20.1.dev0`). */
  version: string;
  /** The pinned release (`0.21.1`). */
  pin: string;
}

/**
 * The upstream packages whose installed version is on the way to a release below the pin. The
 * release segment is compared, not the whole version: main carrying `0.21.1.dev0` when `0.21.1`
 * is pinned is at the pin (a release branch shipped it), not behind it. A package without an
 * exact pin, or with a version that is not PEP 440, is never called stale.
 */
export function findStaleUpstreams(
  upstreams: readonly string[],
  pins: Readonly<Record<string, string | null>>,
  installed: Readonly<Record<string, string>>,
): StaleUpstream[] {
  const stale: StaleUpstream[] = [];
  for (const pkg of upstreams) {
    const pin = pins[pkg] ?? null;
    const version = installed[pkg];
    if (pin === null || version === undefined) continue;
    const [base, pinBase] = [baseVersionOf(version), baseVersionOf(pin)];
    if (base !== null && pinBase !== null && compareVersions(base, pinBase) < 0)
      stale.push({ package: pkg, version, pin });
  }
  return stale;
}

/** What a stale cell says, in one sentence per package. */
export function describeStale(stale: readonly StaleUpstream[]): string {
  return stale
    .map(
      (s) =>
        `${s.package} upstream is ${s.version}, below the pin ${s.pin}: the branch (or its mirror) is behind the pinned release, so nothing newer than the pin was tested`,
    )
    .join("\n");
}
