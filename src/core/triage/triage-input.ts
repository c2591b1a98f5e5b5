/**
 * What triage reads of each cell and of each variant, in a module of its own so that the parts of
 * triage (triage-run.ts, left-out-variants.ts) share the shapes without importing each other.
 */

/** The fields of a result record that triage reads. */
export interface TriageInput {
  variant: string;
  job: string;
  status:
    | "pass"
    | "fail"
    | "flaky"
    | "install-error"
    | "unsatisfiable"
    | "timeout"
    | "infra-error"
    | "stale-upstream";
  failure?: { signature: string; blame?: string | null; excerpt?: string } | null;
  /** Set on the results of a companion variant: the unsatisfiable variant it stands in for. */
  companion_of?: string;
  /** Set on the results of an interaction search's subsets: the variant searched. */
  probe_of?: string;
  /** Set on a stand-in's results: the variant it stands in for, the packages left out and why. */
  left_out?: { of: string; packages: string[]; reason: string };
}

/** The variants as planned: which tracked packages each one moved. */
export interface VariantMoves {
  name: string;
  kind: "pinned" | "latest" | "upstream";
  packages: string[];
}
