/**
 * The kinds of secret recognised by their shape alone, wherever they stand: each is a prefix or a
 * URL that only its issuer uses, so a hit is a credential, never a commit SHA, a version, a wheel
 * hash or a path. Secrets with no shape of their own (a password, an opaque API key) are caught by
 * the name they are written after (`secret-name.ts`) or by their value in the harness's
 * environment (`collectSecrets`). `redact.ts` applies the table; its test has one row per kind.
 */

/** One kind of secret: what it is called in reports, and how it looks in text. */
export interface SecretShape {
  kind: string;
  /** Global; the whole match is replaced by `replacement` (default `***`). */
  pattern: RegExp;
  /** What a match becomes; `$1` keeps a part (the host of a webhook URL) that is no secret. */
  replacement?: string;
}

/** Every shape, in the order they are applied (URLs before the tokens they may contain). */
export const SECRET_SHAPES: readonly SecretShape[] = [
  // Slack incoming webhooks and workflow triggers: the path is the credential.
  {
    kind: "Slack webhook URL",
    pattern: /\b(https?:\/\/hooks\.slack\.com\/)(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g,
    replacement: "$1***",
  },
  {
    kind: "Discord webhook URL",
    pattern: /\b(https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/)[0-9]+\/[A-Za-z0-9_-]+/g,
    replacement: "$1***",
  },
  // GitHub: classic personal (ghp_), OAuth (gho_), user-to-server (ghu_), app installation (ghs_), refresh (ghr_).
  { kind: "GitHub classic, OAuth or app token", pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g },
  { kind: "GitHub fine-grained token", pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g },
  { kind: "Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{20,}/g },
  // Access key ids: long-term (AKIA) and temporary (ASIA); the secret key beside one is masked too.
  { kind: "AWS access key id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: "PyPI upload token", pattern: /\bpypi-AgE[A-Za-z0-9_-]{20,}/g },
  { kind: "GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  // Bot, user, app-level and refresh tokens (`xoxe.xoxp-...` keeps only its harmless head).
  { kind: "Slack token", pattern: /\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}/g },
  // OpenAI (sk-, sk-proj-, sk-svcacct-) and Anthropic (sk-ant-api03-...) keys.
  { kind: "OpenAI or Anthropic key", pattern: /\bsk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}/g },
  { kind: "npm token", pattern: /\bnpm_[A-Za-z0-9]{30,}/g },
  { kind: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  // JSON web tokens (the Actions OIDC token is one): header.payload.signature, base64url.
  { kind: "JSON web token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // A bearer credential outside an Authorization header (`curl -H "...: Bearer x"` is caught there).
  { kind: "Bearer value", pattern: /\b(Bearer\s+)(?![$*])[A-Za-z0-9._~+/-]{8,}=*/g, replacement: "$1***" },
];

/** The secret key of an AWS key pair: 40 characters of base64, mixed case; only beside a key id. */
export const AWS_SECRET_KEY =
  /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** A line that opens or closes a PEM private key block (RSA, EC, OpenSSH, PKCS#8, encrypted). */
export const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----/;
export const PEM_END = /-----END ((?:[A-Z0-9]+ )*)PRIVATE KEY-----/;
/** A whole block on one line (a JSON string with `\n` escapes, a repr). */
export const PEM_INLINE = /(-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----).*?(-----END \2PRIVATE KEY-----)/g;
