/**
 * Redaction of everything that may leave the machine (summaries, issue drafts, the dashboard):
 * the values of the harness's credentials wherever they appear, the `user:secret@` part of URLs,
 * and strings shaped like well-known tokens. Jobs never see the credentials, but an installer's
 * error can quote an index URL with its password, and a job can print what it should not.
 */
import { isCredential } from "./scrub-env.js";

const MASK = "***";

// GitHub tokens (classic and fine-grained), Hugging Face tokens, AWS access key ids.
const TOKEN_SHAPES =
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|hf_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16})\b/g;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi;

/** The secret values to look for: credential variables of `env` long enough to be secrets. */
export function collectSecrets(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].length >= 8)
    .filter(([name, value]) => isCredential(name, value))
    .map(([, value]) => value);
}

/** `text` with every known secret, URL password and token-shaped string masked. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out.replace(URL_USERINFO, `$1${MASK}@`).replace(TOKEN_SHAPES, MASK);
}

/** A deep copy of `value` with every string redacted (for JSON records). */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === "string") return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)])) as T;
  }
  return value;
}
