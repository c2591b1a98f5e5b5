import { describe, expect, it } from "vitest";
import { collectSecrets, redactDeep, redactText } from "./redact.js";

describe("redactText", () => {
  it.each([
    ["token value anywhere", "auth failed for s3cr3t-value-123 at step 2", "auth failed for *** at step 2"],
    [
      "index URL password",
      "GET https://bot:hunter22@pypi.corp.example/simple/x/ 401",
      "GET https://***@pypi.corp.example/simple/x/ 401",
    ],
    ["token shapes", "export GH=ghp_abcdefghijklmnopqrstuvwxyz0123", "export GH=***"],
    ["hugging face token", "hf_AbCdEfGhIjKlMnOpQrStUvWx used", "*** used"],
    [
      "nothing secret",
      "TypeError: Trainer.__init__() got an unexpected keyword",
      "TypeError: Trainer.__init__() got an unexpected keyword",
    ],
  ])("%s", (_label, text, expected) => {
    expect(redactText(text, ["s3cr3t-value-123"])).toBe(expected);
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
