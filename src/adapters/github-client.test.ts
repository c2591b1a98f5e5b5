import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createGitHubClient, shouldWaitForRateLimit } from "./github-client.js";

describe("shouldWaitForRateLimit", () => {
  const policy = { retries: 2, maxWaitS: 60 };
  it.each<[string, number, number, boolean]>([
    ["a reset in 2s, first time", 2, 0, true],
    ["a reset in 60s, second time", 60, 1, true],
    ["a third wait is one too many", 2, 2, false],
    ["a reset 61s away is too far", 61, 0, false],
    ["a reset an hour away", 3601, 0, false],
    ["a reset already past (0s)", 0, 0, true],
  ])("%s", (_name, retryAfterS, retryCount, expected) => {
    expect(shouldWaitForRateLimit(retryAfterS, retryCount, policy)).toBe(expected);
  });
});

describe("createGitHubClient", () => {
  it.each<[string, string]>([
    ["https://api.github.com", "https://api.github.com/repos/o/r/commits/abc/pulls"],
    ["https://ghe.example.com/api/v3/", "https://ghe.example.com/api/v3/repos/o/r/commits/abc/pulls"],
  ])("addresses %s, as matrix, with the REST methods", (apiUrl, expected) => {
    const client = createGitHubClient({ token: "t", apiUrl });
    const endpoint = client.rest.repos.listPullRequestsAssociatedWithCommit.endpoint({
      owner: "o",
      repo: "r",
      commit_sha: "abc",
    });
    expect(endpoint.url).toBe(expected);
    expect(endpoint.headers["user-agent"]).toMatch(/^matrix /);
  });
});

describe("createGitHubClient redacts what it sends", () => {
  it("masks secrets in every title and body, the token and the given values included", async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => {
        raw += c.toString("utf8");
      });
      req.on("end", () => {
        bodies.push(raw);
        res.writeHead(201, { "content-type": "application/json" }).end('{"number": 1}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = createGitHubClient({
        token: "ghs_thetokenitself0123456789",
        apiUrl: `http://127.0.0.1:${port}`,
        secrets: ["opaque-harness-value"],
        paceWrites: false,
      });
      await client.rest.issues.create({
        owner: "o",
        repo: "r",
        title: "broke with hf_AbCdEfGhIjKlMnOpQrStUvWx",
        body: "token ghs_thetokenitself0123456789 and opaque-harness-value\n<!-- matrix:fingerprint=0123abcd -->",
        labels: ["matrix"],
      });
      expect(JSON.parse(bodies[0] ?? "{}")).toEqual({
        title: "broke with ***",
        body: "token *** and ***\n<!-- matrix:fingerprint=0123abcd -->",
        labels: ["matrix"],
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
