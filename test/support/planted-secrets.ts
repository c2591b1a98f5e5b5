/**
 * Secrets of every kind the redactor must know, made up but shaped as their issuers make them,
 * and a smoke job that prints them everywhere a job can: stdout, stderr, a traceback, the metrics
 * file. Also a source package whose build prints them and fails (a failing install's output).
 * `findPlanted` says which of them survive in a text: a sweep expects none anywhere.
 */

const A36 = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

/** Kind -> the value planted; each value is distinct and searched for literally. */
export const PLANTED = {
  "GitHub classic token": `ghp_${A36}`,
  "GitHub fine-grained token": `github_pat_11AAAAAAA0${A36}_${A36}${A36.slice(0, 23)}`,
  "GitHub app token": `ghs_${A36.split("").reverse().join("")}`,
  "GitHub OAuth token": `gho_${A36.toLowerCase()}`,
  "Hugging Face token": `hf_${A36.slice(2)}`,
  "PyPI upload token": `pypi-AgEIcHlwaS5vcmcCJD${A36}${A36}`,
  "npm token": `npm_${A36.toUpperCase()}`,
  "AWS access key id": "AKIAQ3EGRXZ7PLANTED1",
  "AWS secret key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTEDKEY",
  "OpenAI key": `sk-proj-${A36}${A36.slice(0, 12)}`,
  "Anthropic key": `sk-ant-api03-${A36}${A36}-AA`,
  "Slack token": "xoxb-2718281828-3141592653589-PlantedSlackBotToken",
  "Slack webhook URL path": "T0PLANT01/B0PLANT02/PlantedWebhookSecret24",
  "JSON web token": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGFudGVkLXNlY3JldCJ9.c2lnbmF0dXJlLXBsYW50ZWQ",
  "PEM private key body": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjPLANTEDKEYBODY",
  "Authorization header value": "opaqueAuthHeaderValue4242",
  "Bearer value": "opaque.bearer-value.4242",
  "URL password": "hunter2-url-password-4242",
  "index URL password": "index-password-4242",
  "shapeless secret in the environment": "plain-words-nobody-could-guess-4242",
} as const;

/** The variables the harness runs with: secret-named ones whose values have no shape of their own. */
export const PLANTED_ENV = {
  GITHUB_TOKEN: PLANTED["GitHub app token"],
  MY_VENDOR_SECRET: PLANTED["shapeless secret in the environment"],
};

/** What a job prints: one line per kind, in the forms such secrets appear in real output. */
export function plantedLines(): string[] {
  const p = PLANTED;
  return [
    `token ${p["GitHub classic token"]} and ${p["GitHub fine-grained token"]}`,
    `app ${p["GitHub app token"]} oauth ${p["GitHub OAuth token"]}`,
    `hub ${p["Hugging Face token"]} upload ${p["PyPI upload token"]} npm ${p["npm token"]}`,
    `aws ${p["AWS access key id"]} ${p["AWS secret key"]}`,
    `openai ${p["OpenAI key"]} anthropic ${p["Anthropic key"]}`,
    `slack ${p["Slack token"]} hook https://hooks.slack.com/services/${p["Slack webhook URL path"]}`,
    `oidc ${p["JSON web token"]}`,
    "-----BEGIN RSA PRIVATE KEY-----",
    p["PEM private key body"],
    "-----END RSA PRIVATE KEY-----",
    `curl -H "Authorization: token ${p["Authorization header value"]}" -H 'X-Up: Bearer ${p["Bearer value"]}'`,
    `fetching https://trainer:${p["URL password"]}@data.example.com/shards`,
    `vendor key ${p["shapeless secret in the environment"]}`,
  ];
}

/** The smoke job: passes with fakeformers 1.0.0, raises with a secret in the message on 1.1.0. */
export function leakyJob(): string {
  const lines = JSON.stringify(plantedLines());
  return `import json, os, sys
import fakeformers

LINES = ${lines}
for line in LINES:
    print(line)
sys.stdout.flush()
for line in LINES:
    sys.stderr.write("err: " + line + "\\n")
with open(os.environ["MATRIX_METRICS"], "a") as f:
    for step in range(8):
        f.write(json.dumps({"step": step, "loss": 4.0 / (step + 1)}) + "\\n")
    f.write(json.dumps({"peak_memory_mb": 1, "note": " ".join(LINES)}) + "\\n")
if fakeformers.__version__ == "1.1.0":
    # Every kind in the traceback too: the exception's message carries them all.
    raise RuntimeError("hub refused " + LINES[0] + "\\n" + "\\n".join(LINES[1:]))
`;
}

/** A build backend that prints every planted line and fails: an upstream commit that cannot be built. */
export function failingBackend(): string {
  return `import sys
LINES = ${JSON.stringify(plantedLines())}


def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    for line in LINES:
        print(line)
        sys.stderr.write(line + "\\n")
    raise RuntimeError("build failed: " + LINES[0])
`;
}

/** The kinds whose planted value occurs in `text` (a PEM body or URL password counts alone). */
export function findPlanted(text: string): string[] {
  return Object.entries(PLANTED)
    .filter(([, value]) => text.includes(value))
    .map(([kind]) => kind);
}
