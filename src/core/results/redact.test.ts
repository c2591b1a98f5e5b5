import { describe, expect, it } from "vitest";
import { collectSecrets, redactDeep, redactText } from "./redact.js";

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
