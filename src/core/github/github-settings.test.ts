import { describe, expect, it } from "vitest";
import { DEFAULT_GITHUB_API_URL, type GitHubSettings, gitHubSettingsOf } from "./github-settings.js";

describe("gitHubSettingsOf", () => {
  it.each<[string, Record<string, string | undefined>, GitHubSettings]>([
    ["nothing set", {}, { token: null, apiUrl: DEFAULT_GITHUB_API_URL }],
    ["a token", { GITHUB_TOKEN: "ghs_abc" }, { token: "ghs_abc", apiUrl: "https://api.github.com" }],
    [
      "a blank token (missing secret)",
      { GITHUB_TOKEN: "  " },
      { token: null, apiUrl: DEFAULT_GITHUB_API_URL },
    ],
    ["an undefined token", { GITHUB_TOKEN: undefined }, { token: null, apiUrl: DEFAULT_GITHUB_API_URL }],
    [
      "GitHub Enterprise Server",
      { GITHUB_TOKEN: "t", GITHUB_API_URL: "https://ghe.example.com/api/v3/" },
      { token: "t", apiUrl: "https://ghe.example.com/api/v3" },
    ],
    [
      "a local test server",
      { GITHUB_API_URL: "http://127.0.0.1:4321" },
      { token: null, apiUrl: "http://127.0.0.1:4321" },
    ],
    ["an empty API URL", { GITHUB_API_URL: "" }, { token: null, apiUrl: DEFAULT_GITHUB_API_URL }],
  ])("%s", (_name, env, expected) => {
    expect(gitHubSettingsOf(env)).toEqual(expected);
  });
});
