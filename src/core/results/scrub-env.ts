/**
 * Removes the harness's credentials from the environment a smoke job inherits. A job runs
 * upstream code from a nightly main branch: it must never see the GitHub token that files issues,
 * the Actions runtime tokens (cache, OIDC), or any other secret the runner happens to hold.
 * Variables a job needs on purpose are set per job in the matrix file (`env:`), after scrubbing.
 */

/** Named exactly by GitHub Actions; the URLs are only useful together with their tokens. */
const ALWAYS = new Set([
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "GH_ENTERPRISE_TOKEN",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_RUNTIME_URL",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
  "ACTIONS_CACHE_URL",
  "ACTIONS_RESULTS_URL",
]);

// A webhook URL is its own credential: whoever has it may post to the channel.
const CREDENTIAL = /TOKEN|SECRET|PASSW(?:OR)?D|CREDENTIAL|WEBHOOK|_KEY$|_KEY_ID$|^KEY$|_AUTH$|^AUTH_/i;

// Settings whose names look like secrets but are not; tokenizers warns loudly without the first.
const HARMLESS = new Set(["TOKENIZERS_PARALLELISM", "HF_HUB_DISABLE_IMPLICIT_TOKEN", "GIT_TERMINAL_PROMPT"]);

// A URL with `user:password@` in it (an index URL with credentials, say) is a secret too.
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

/** True when a variable must not reach a job: a known token, a secret-looking name or value. */
export function isCredential(name: string, value: string): boolean {
  if (ALWAYS.has(name.toUpperCase())) return true;
  if (HARMLESS.has(name.toUpperCase())) return false;
  return CREDENTIAL.test(name) || URL_WITH_PASSWORD.test(value);
}

/** The environment without credentials (and without unset entries); the input is not changed. */
export function scrubEnv(env: Record<string, string | undefined>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !isCredential(name, value)) clean[name] = value;
  }
  return clean;
}
