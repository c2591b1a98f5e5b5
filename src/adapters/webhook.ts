/**
 * Posts a JSON message to a chat webhook (Slack- or Discord-compatible): a timeout per attempt,
 * retries with backoff on network errors, 429 and 5xx, and never an exception: a digest that
 * cannot be delivered is recorded, never fatal to the night. The URL is a credential, so no
 * outcome repeats it. The payload is redacted here, the last step before it leaves: the harness's
 * credentials, token shapes and the URL itself are masked whoever built the message.
 */
import { collectSecrets, redactDeep } from "../core/results/redact.js";
import { AttemptFailed, retryWithBackoff } from "./retry.js";

/** How the post went: `status` is the last HTTP status (null when none came back). */
export interface WebhookOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  attempts: number;
}

/** Retries and their first wait, and how long one attempt may take. */
export interface WebhookOptions {
  retries?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

/** POSTs `body` as JSON to `url`. */
export async function postWebhook(
  url: string,
  body: unknown,
  opts: WebhookOptions = {},
): Promise<WebhookOutcome> {
  let status: number | null = null;
  let attempts = 0;
  const hide = (text: string) => text.split(url).join("<webhook>");
  const payload = JSON.stringify(redactDeep(body, [url, ...collectSecrets(process.env)]));
  try {
    const outcome = await retryWithBackoff(
      async () => {
        attempts += 1;
        status = null;
        let response: Response;
        try {
          response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", "user-agent": "matrix" },
            body: payload,
            signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
          });
        } catch (error) {
          throw new AttemptFailed(hide(describeFetchError(error)));
        }
        status = response.status;
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return response.status;
        // A 4xx other than 429 is an answer (a revoked hook, a malformed body): retrying cannot mend it.
        const permanent = response.status < 500 && response.status !== 429;
        throw new AttemptFailed(`HTTP ${response.status} ${response.statusText}`.trim(), permanent);
      },
      opts,
      { retries: 3, backoffMs: 1_000 },
    );
    return outcome.ok
      ? { ok: true, status, error: null, attempts }
      : { ok: false, status, error: outcome.reason, attempts };
  } catch (error) {
    return {
      ok: false,
      status,
      error: hide(error instanceof Error ? error.message : String(error)),
      attempts,
    };
  }
}

/** `fetch failed` says nothing: the cause (ECONNREFUSED, a timeout) does. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "timed out";
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
