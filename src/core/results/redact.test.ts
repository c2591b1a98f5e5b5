import { describe, expect, it } from "vitest";
import { collectSecrets, createLineRedactor, redactDeep, redactText } from "./redact.js";
import { SECRET_SHAPES } from "./secret-shapes.js";

const A20 = "AbCdEfGhIjKlMnOpQrStUvWx0123456789";

describe("redactText masks", () => {
  it.each([
    ["token value anywhere", "auth failed for s3cr3t-value-123 at step 2", "auth failed for *** at step 2"],
    [
      "index URL password",
      "GET https://bot:hunter22@pypi.corp.example/simple/x/ 401",
      "GET https://***@pypi.corp.example/simple/x/ 401",
    ],
    [
      "x-access-token in a URL",
      "git clone https://x-access-token:opaque123@github.com/o/r.git",
      "git clone https://***@github.com/o/r.git",
    ],
    [
      "x-access-token without a scheme",
      "x-access-token:opaque123@github.com/o/r",
      "x-access-token:***@github.com/o/r",
    ],
    ["GitHub personal token", "export GH=ghp_abcdefghijklmnopqrstuvwxyz0123", "export GH=***"],
    ["GitHub OAuth token", `use gho_${A20}`, "use ***"],
    ["GitHub user-to-server token", `use ghu_${A20}`, "use ***"],
    ["GitHub server-to-server token", `use ghs_${A20}`, "use ***"],
    ["GitHub refresh token", `use ghr_${A20}`, "use ***"],
    ["GitHub fine-grained token", `use github_pat_11ABCDEFG0_${A20}`, "use ***"],
    ["Hugging Face token", "hf_AbCdEfGhIjKlMnOpQrStUvWx used", "*** used"],
    ["AWS access key id", "key AKIAIOSFODNN7EXAMPLE here", "key *** here"],
    ["AWS temporary key id", "key ASIAIOSFODNN7EXAMPLE here", "key *** here"],
    [
      "AWS secret in a config file",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "aws_secret_access_key = ***",
    ],
    [
      "AWS secret in the environment",
      "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG",
      "AWS_SECRET_ACCESS_KEY=***",
    ],
    ["PyPI token", `TWINE=pypi-AgEIcHlwaS5vcmc${A20}`, "TWINE=***"],
    ["OpenAI key", `key sk-proj-${A20}`, "key ***"],
    ["Slack token", "xoxb-123456789012-abcdefghij", "***"],
    ["JSON web token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N", "***"],
    ["Bearer header", "Authorization: Bearer abc.def-123", "Authorization: Bearer ***"],
    ["token header", "-H 'Authorization: token opaque0123'", "-H 'Authorization: token ***'"],
    ["Basic header", "authorization: Basic dXNlcjpwYXNz", "authorization: Basic ***"],
    ["header in a repr", "{'Authorization': 'Bearer abc123'}", "{'Authorization': 'Bearer ***'}"],
    ["HF_TOKEN=value", "HF_TOKEN=opaque-value", "HF_TOKEN=***"],
    ["export with quotes", 'export WANDB_API_KEY="0123abcd"', 'export WANDB_API_KEY="***"'],
    ["a keyword argument", "login(token='abc123xyz')", "login(token='***')"],
    ["a flag with =", "--hf_token=abc123xyz --x 1", "--hf_token=*** --x 1"],
    ["a flag with a space", "--token abc123xyz --x 1", "--token *** --x 1"],
    ["JSON", '{"password": "hunter2", "user": "bob"}', '{"password": "***", "user": "bob"}'],
    ["YAML", "env:\n  DB_PASSWORD: hunter2\n  LANG: C", "env:\n  DB_PASSWORD: ***\n  LANG: C"],
    ["PGPASSWORD", "PGPASSWORD=hunter2 psql", "PGPASSWORD=*** psql"],
    ["a Linux home", "File /home/alice/proj/train.py", "File ~/proj/train.py"],
    ["a macOS home", "at /Users/alice/proj", "at ~/proj"],
    ["root's home", "cache /root/.cache/hf and /root", "cache ~/.cache/hf and ~"],
    ["a home in a file URL", "file:///home/alice/up", "file://~/up"],
    ["a Windows home", "C:\\Users\\alice\\proj", "~\\proj"],
  ])("%s", (_label, text, expected) => {
    expect(redactText(text, ["s3cr3t-value-123"])).toBe(expected);
  });
});

// One row per kind of SECRET_SHAPES (checked below), plus the kinds that have no shape of their own.
const KINDS: Array<[kind: string, text: string, expected: string]> = [
  [
    "Slack webhook URL",
    "post https://hooks.slack.com/services/T0001/B0002/XXXXxxxxYYYY ok",
    "post https://hooks.slack.com/*** ok",
  ],
  [
    "Discord webhook URL",
    "https://discord.com/api/webhooks/123456/AbC-dEf_9",
    "https://discord.com/api/webhooks/***",
  ],
  ["GitHub classic, OAuth or app token", `ghp_${A20} and gho_${A20} and ghs_${A20}`, "*** and *** and ***"],
  ["GitHub fine-grained token", `github_pat_11ABCDEFG0_${A20}`, "***"],
  ["Hugging Face token", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345", "***"],
  ["AWS access key id", "AKIAIOSFODNN7EXAMPLE", "***"],
  ["PyPI upload token", `pypi-AgEIcHlwaS5vcmc${A20}`, "***"],
  ["GitLab token", "glpat-AbCdEfGhIjKlMnOpQrSt", "***"],
  ["Slack token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKl xapp-1-A0123-456-abcdef", "*** ***"],
  ["OpenAI or Anthropic key", `sk-${A20} sk-ant-api03-${A20}`, "*** ***"],
  ["npm token", `npm_${A20}AB`, "***"],
  ["Google API key", "AIzaSyA1234567890abcdefghijklmnopqrstuv", "***"],
  ["JSON web token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N", "***"],
  ["Bearer value", "curl -H 'X-Api: Bearer abc.def-1234' url", "curl -H 'X-Api: Bearer ***' url"],
];

describe("every kind of secret is masked", () => {
  it("has a row for every shape the redactor knows", () => {
    expect(KINDS.map(([kind]) => kind).sort()).toEqual(SECRET_SHAPES.map((s) => s.kind).sort());
  });

  it.each(KINDS)("%s", (_kind, text, expected) => {
    expect(redactText(text, [])).toBe(expected);
  });

  it.each([
    [
      "AWS secret key beside its id",
      "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "*** ***",
    ],
    [
      "a password in an --index-url line",
      "--index-url https://bot:hunter22@pypi.corp/simple",
      "--index-url https://***@pypi.corp/simple",
    ],
    ["a token as a URL's user", "https://ghtok0123@github.com/o/r", "https://***@github.com/o/r"],
    [
      "a proxy Authorization header",
      "Proxy-Authorization: Basic dXNlcjpwYXNz",
      "Proxy-Authorization: Basic ***",
    ],
    [
      "an inline PEM key",
      '"-----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY-----"',
      '"-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----"',
    ],
    ["an opaque value of a secret-named variable", "opaque-shapeless-42 in the output", "*** in the output"],
  ])("%s", (_label, text, expected) => {
    expect(redactText(text, ["opaque-shapeless-42"])).toBe(expected);
  });

  it("masks the body of a PEM private key block line by line, keeping the lines", () => {
    const block =
      "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n  b3BlbnNzaC1rZXk\nAAAAB3NzaC1yc2E\n-----END OPENSSH PRIVATE KEY-----\nafter";
    expect(redactText(block, [])).toBe(
      "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n  ***\n***\n-----END OPENSSH PRIVATE KEY-----\nafter",
    );
  });

  it("remembers an open key block across lines fed one at a time", () => {
    const redact = createLineRedactor([]);
    const lines = [
      "-----BEGIN PRIVATE KEY-----",
      "MIIEvQIBADANBgkq",
      "-----END PRIVATE KEY-----",
      "MIIEvQIBADANBgkq",
    ];
    expect(lines.map(redact)).toEqual([
      "-----BEGIN PRIVATE KEY-----",
      "***",
      "-----END PRIVATE KEY-----",
      "MIIEvQIBADANBgkq",
    ]);
  });

  it("masks each line of a multi-line secret value, and a longer secret before one it contains", () => {
    expect(redactText("a line-one-of-key b", ["line-one-of-key\nline-two-of-key"])).toBe("a *** b");
    expect(redactText("x abcdefgh-longer y", ["abcdefgh", "abcdefgh-longer"])).toBe("x *** y");
  });
});

describe("redactText keeps", () => {
  it.each([
    `--index-url https://bot:\${PYPI_PASSWORD}@pypi.corp/simple`,
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "fakeformers-1.1.0-py3-none-any.whl#sha256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "transformers==4.47.1 torch>=2.1,<3 peft==0.13.2.dev0+g0123abc",
    "commit 0123456789abcdef0123456789abcdef01234567 AKIA-less line 0123456789ABCDEF0123456789abcdef01234567",
    "/usr/lib/python3.11/site-packages/transformers/models/llama/modeling_llama.py:123",
    "src/core/results/RedactText/AbcDefGhij/KlmnOpqrs",
    "the Bearer of bad news",
    "skip-unused-parameters sk-short hf_hub xoxb",
  ])("%s", (text) => {
    expect(redactText(text, [])).toBe(text);
  });
});

describe("redactText leaves alone", () => {
  it.each([
    "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'",
    "loading tokenizer_config.json from cache",
    "tokenizer=AutoTokenizer.from_pretrained(name), processing_class=tok",
    "max_tokens=512 max_new_tokens=64 key_length=128",
    "pad_token=<pad> eos_token='</s>' pad_token_id=0",
    "KeyError: 'input_ids'",
    "key: value",
    "TOKENIZERS_PARALLELISM=false",
    "HF_TOKEN=$HF_TOKEN and token=None and use_auth_token=True",
    "fakeformers @ git+https://github.com/o/r@0123456789abcdef0123456789abcdef01234567",
    "git+ssh://git@github.com/o/r.git@0123abc",
    "first bad 0123456789abcdef0123456789abcdef01234567",
    "if token == expected:",
    "/srv/home/x and ~/y and /tmp/home/z",
    "hf_hub_download(repo_id) task-AbCdEfGhIjKlMnOpQrStUvWx",
    "<!-- matrix:fingerprint=0123456789abcdef -->",
  ])("%s", (text) => {
    expect(redactText(text, [])).toBe(text);
  });

  it("is idempotent", () => {
    const text = "HF_TOKEN=abc Authorization: Bearer x ghp_abcdefghijklmnopqrstuvwxyz0123 /home/a/b";
    const once = redactText(text, []);
    expect(redactText(once, [])).toBe(once);
  });
});

describe("collectSecrets and redactDeep", () => {
  it("finds credential values and masks them in every string of a record", () => {
    const secrets = collectSecrets({
      GITHUB_TOKEN: "tok-1234567890",
      PATH: "/usr/bin",
      HF_TOKEN: "short",
      EMPTY: undefined,
    });
    expect(secrets).toEqual(["tok-1234567890"]);
    const record = { a: ["x tok-1234567890"], b: { c: "tok-1234567890" }, n: 3, z: null };
    expect(redactDeep(record, secrets)).toEqual({ a: ["x ***"], b: { c: "***" }, n: 3, z: null });
  });
});
