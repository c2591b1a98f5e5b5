/**
 * Turns the outcome of one smoke run (after the job's retries) into a bisect verdict. Matching on
 * the signature is what keeps a bisect honest: a candidate broken by some other, unrelated change
 * must not be taken for the regression being hunted.
 */
import type { ResultStatus } from "../results/result-record.js";
import type { Verdict } from "./bisect-state.js";

/** What one smoke run of a candidate ended with: a result's status and its failure signature. */
export interface Outcome {
  status: ResultStatus;
  signature: string | null;
}

/**
 * The verdict on one outcome, given the bad endpoint's signature:
 * pass -> good; a failure (or timeout) with the bad signature -> bad; with another signature ->
 * skip (different-failure); install or infrastructure error -> skip (untestable); flaky -> flaky.
 * `badSignature` is null while the endpoints are being confirmed: then every failure is bad and
 * carries its own signature, which is how the bad endpoint's signature becomes known.
 */
export function verdictOf(outcome: Outcome, badSignature: string | null): Verdict {
  switch (outcome.status) {
    case "pass":
      return { verdict: "good", reason: null, signature: null };
    case "flaky":
      return { verdict: "flaky", reason: null, signature: outcome.signature };
    case "install-error":
    case "unsatisfiable":
    case "infra-error":
    case "stale-upstream":
      // Neither says anything about the candidate's code: the run never got to the smoke job.
      return { verdict: "skip", reason: "untestable", signature: outcome.signature };
    case "fail":
    case "timeout": {
      const signature = failureSignatureOf(outcome);
      if (badSignature === null || signature === badSignature) {
        return { verdict: "bad", reason: null, signature };
      }
      return { verdict: "skip", reason: "different-failure", signature };
    }
  }
}

/**
 * The signature a failure is compared by. A failure that left none (a timeout, a bare exit code)
 * compares by its status, so two timeouts match each other and nothing else.
 */
export function failureSignatureOf(outcome: Outcome): string {
  return outcome.signature ?? outcome.status;
}
