import { describe, expect, it } from "vitest";
import { confirmBlockerOf, filingSettingsOf, parseRepoName } from "./filing-settings.js";

describe("filingSettingsOf", () => {
  it("reads the own token, repository, API and the upstream token", () => {
    const env = {
      GITHUB_TOKEN: "t",
      GITHUB_REPOSITORY: "acme/trainer",
      GITHUB_API_URL: "https://ghe/api/v3/",
      MATRIX_UPSTREAM_TOKEN: " u ",
    };
    expect(filingSettingsOf(env)).toEqual({
      token: "t",
      repository: { owner: "acme", name: "trainer" },
      apiUrl: "https://ghe/api/v3",
      upstreamToken: "u",
    });
  });

  it.each<[string | undefined, ReturnType<typeof parseRepoName>]>([
    ["acme/trainer", { owner: "acme", name: "trainer" }],
    ["my.org/my-repo_2", { owner: "my.org", name: "my-repo_2" }],
    ["acme", null],
    ["acme/trainer/extra", null],
    [undefined, null],
  ])("parses %j", (text, expected) => {
    expect(parseRepoName(text)).toEqual(expected);
  });
});

describe("confirmBlockerOf", () => {
  it.each<[string, Record<string, string | undefined>, RegExp | null]>([
    ["everything set", { GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "a/b" }, null],
    ["no token", { GITHUB_REPOSITORY: "a/b" }, /^GITHUB_TOKEN is not set/],
    ["a blank token", { GITHUB_TOKEN: " ", GITHUB_REPOSITORY: "a/b" }, /^GITHUB_TOKEN is not set/],
    ["no repository", { GITHUB_TOKEN: "t" }, /^GITHUB_REPOSITORY is not set/],
    [
      "a malformed repository",
      { GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "ab" },
      /^GITHUB_REPOSITORY is "ab", not owner\/name/,
    ],
  ])("%s", (_name, env, expected) => {
    const blocker = confirmBlockerOf(env);
    if (expected === null) expect(blocker).toBeNull();
    else expect(blocker).toMatch(expected);
    expect(blocker ?? "").not.toContain("\n");
  });
});
