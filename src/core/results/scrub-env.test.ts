import { describe, expect, it } from "vitest";
import { isCredential, scrubEnv } from "./scrub-env.js";

describe("isCredential", () => {
  it.each<[string, string, boolean]>([
    ["GITHUB_TOKEN", "ghs_x", true],
    ["GH_TOKEN", "x", true],
    ["ACTIONS_RUNTIME_TOKEN", "x", true],
    ["ACTIONS_ID_TOKEN_REQUEST_TOKEN", "x", true],
    ["ACTIONS_ID_TOKEN_REQUEST_URL", "https://pipelines", true],
    ["HF_TOKEN", "hf_x", true],
    ["WANDB_API_KEY", "x", true],
    ["AWS_SECRET_ACCESS_KEY", "x", true],
    ["AWS_ACCESS_KEY_ID", "x", true],
    ["DB_PASSWORD", "x", true],
    ["npm_config_auth", "x", true],
    ["SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/x", true],
    ["PIP_EXTRA_INDEX_URL", "https://user:s3cret@pypi.corp/simple", true],
    ["TOKENIZERS_PARALLELISM", "false", false],
    ["HF_HUB_DISABLE_IMPLICIT_TOKEN", "1", false],
    ["PATH", "/usr/bin:/bin", false],
    ["HOME", "/home/runner", false],
    ["SSH_AUTH_SOCK", "/tmp/agent", false],
    ["KEYBOARD", "us", false],
    ["PIP_INDEX_URL", "https://pypi.org/simple", false],
    ["GITHUB_REPOSITORY", "o/r", false],
    ["CUDA_VISIBLE_DEVICES", "0", false],
  ])("%s=%s -> %s", (name, value, credential) => {
    expect(isCredential(name, value)).toBe(credential);
  });
});

describe("scrubEnv", () => {
  it("keeps the rest, drops unset entries, leaves the input alone", () => {
    const env = { PATH: "/bin", GITHUB_TOKEN: "ghs_x", LANG: "C.UTF-8", UNSET: undefined };
    expect(scrubEnv(env)).toEqual({ PATH: "/bin", LANG: "C.UTF-8" });
    expect(env.GITHUB_TOKEN).toBe("ghs_x");
  });
});
