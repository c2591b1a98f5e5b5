import { describe, expect, it } from "vitest";
import { isPlaceholderValue, isSecretName, nameParts } from "./secret-name.js";

describe("isSecretName", () => {
  it.each<[string, boolean]>([
    ["GITHUB_TOKEN", true],
    ["HF_TOKEN", true],
    ["hf_token", true],
    ["token", true],
    ["TOKEN", true],
    ["access_token", true],
    ["accessToken", true],
    ["use_auth_token", true],
    ["HUGGING_FACE_HUB_TOKEN", true],
    ["WANDB_API_KEY", true],
    ["api_key", true],
    ["apiKey", true],
    ["x-api-key", true],
    ["apikey", true],
    ["aws_secret_access_key", true],
    ["AWS_SECRET_ACCESS_KEY", true],
    ["aws_access_key_id", true],
    ["client_secret", true],
    ["SECRET", true],
    ["DB_PASSWORD", true],
    ["password", true],
    ["passwd", true],
    ["PGPASSWORD", true],
    ["credentials", true],
    ["GOOGLE_APPLICATION_CREDENTIALS", true],
    ["private_key", true],
    ["npm_config__auth", true],
    ["basic_auth", true],
    // Tokenizer settings and shapes: a maintainer needs these values.
    ["tokenizer", false],
    ["tokenizer_config", false],
    ["TOKENIZERS_PARALLELISM", false],
    ["max_tokens", false],
    ["max_new_tokens", false],
    ["num_tokens", false],
    ["pad_token", false],
    ["eos_token", false],
    ["bos_token_id", false],
    ["pad_token_id", false],
    ["additional_special_tokens", false],
    ["HF_HUB_DISABLE_IMPLICIT_TOKEN", false],
    ["token_ids", false],
    // Keys of dicts, caches and attention.
    ["key", false],
    ["key_length", false],
    ["cache_key", false],
    ["key_states", false],
    ["sort_key", false],
    ["KeyError", false],
    ["monkey", false],
    ["use_auth", false],
    ["processing_class", false],
    ["PWD", false],
  ])("%s -> %s", (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });
});

describe("nameParts", () => {
  it.each<[string, string[]]>([
    ["HF_TOKEN", ["hf", "token"]],
    ["accessToken", ["access", "token"]],
    ["APIKey", ["api", "key"]],
    ["x-api-key", ["x", "api", "key"]],
    ["a.b__c", ["a", "b", "c"]],
  ])("%s -> %j", (name, parts) => {
    expect(nameParts(name)).toEqual(parts);
  });
});

describe("isPlaceholderValue", () => {
  it.each<[string, boolean]>([
    ["", true],
    ["True", true],
    ["None", true],
    ["***", true],
    ["$HF_TOKEN", true],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell reference, not a template.
    ["${HF_TOKEN}", true],
    ["hunter22", false],
    ["2", false],
  ])("%j -> %s", (value, placeholder) => {
    expect(isPlaceholderValue(value)).toBe(placeholder);
  });
});
