/**
 * Which names, written in text, hold a secret's value: `HF_TOKEN=...`, `"password": "..."`,
 * `aws_secret_access_key = ...`. Stricter than `isCredential` (which scrubs a job's environment and
 * may drop anything doubtful): job output is full of names like `tokenizer`, `max_new_tokens`,
 * `pad_token` and `key_states` whose values a maintainer needs to read.
 */

// A name with a part containing one of these holds a secret wherever it stands (`PGPASSWORD`).
const ALWAYS_WITHIN = ["secret", "passw", "passphrase", "credential"];
// Parts that run words together (`APIKEY`, `AUTHTOKEN`).
const ALWAYS = new Set(["apikey", "accesstoken", "authtoken", "accesskey", "privatekey"]);

// `<x>_token` is a tokenizer's special token or a position, not a credential, after these.
const NOT_CREDENTIAL_TOKEN = new Set([
  "pad",
  "eos",
  "bos",
  "unk",
  "sep",
  "cls",
  "mask",
  "special",
  "start",
  "end",
  "image",
  "video",
  "audio",
  "boi",
  "eoi",
  "implicit",
  "next",
  "new",
  "last",
  "first",
  "max",
  "min",
  "num",
  "decoder",
]);

// `key` alone names a dict key, a cache key, attention keys; these make it a credential.
const KEY_QUALIFIERS = new Set([
  "api",
  "access",
  "secret",
  "private",
  "auth",
  "client",
  "master",
  "encryption",
  "signing",
  "ssh",
  "license",
  "account",
  "service",
  "subscription",
  "storage",
  "deploy",
  "consumer",
  "session",
]);

// `use_auth`, `require_auth`: switches, not credentials.
const AUTH_SWITCHES = new Set(["use", "require", "requires", "enable", "disable", "no", "skip"]);

/** The lower-case parts of a name: split at `_`, `-`, `.` and camelCase humps. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .split(/[_.-]+/)
    .filter((part) => part !== "");
}

/** True when a value written after `name` is a secret: a token, password, API key or the like. */
export function isSecretName(name: string): boolean {
  const parts = nameParts(name);
  if (parts.some((part) => ALWAYS.has(part) || ALWAYS_WITHIN.some((word) => part.includes(word))))
    return true;
  const last = parts[parts.length - 1];
  const before = parts[parts.length - 2];
  if (last === "token") return before === undefined || !NOT_CREDENTIAL_TOKEN.has(before);
  if (last === "key") return before !== undefined && KEY_QUALIFIERS.has(before);
  // `aws_access_key_id`: not secret by itself, but it names the key pair's owner.
  if (last === "id" && before === "key") return parts[parts.length - 3] === "access";
  if (last === "auth") return before === undefined || !AUTH_SWITCHES.has(before);
  return false;
}

/**
 * True for a value that cannot be a secret: empty, a boolean or None, an already masked value,
 * or a reference to a variable (`$HF_TOKEN`, `${{ secrets.X }}` is cut at the brace anyway).
 */
export function isPlaceholderValue(value: string): boolean {
  return /^(?:|true|false|none|null|nil|yes|no|0|1|\*+|\$\{?[A-Za-z_]\w*\}?|%[A-Za-z_]\w*%)$/i.test(value);
}
