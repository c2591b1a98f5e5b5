/**
 * The identity of a breakage: which packages broke which job, and how. The same breakage on
 * another night, another runner or another commit of the same culprit gives the same
 * fingerprint (signatures are normalised), so it finds its issue, its history and its
 * expected-failure entry; a different failure of the same package is a different breakage.
 */
import { createHash } from "node:crypto";

/** What a fingerprint is made of. */
export interface BreakageIdentity {
  /** The culprit package, or an interaction's set (order does not matter); empty when unknown. */
  packages: string[];
  job: string;
  /** The normalised failure signature. */
  signature: string;
}

/** 16 hex digits of a sha256 over the packages (sorted), the job and the signature. */
export function fingerprintOf(identity: BreakageIdentity): string {
  const packages = [...identity.packages].sort().join("+") || "unknown";
  return createHash("sha256")
    .update(`${packages}\n${identity.job}\n${identity.signature}`)
    .digest("hex")
    .slice(0, 16);
}
