import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGitRepo } from "../support/git-repo.js";
import { startGitHubServer } from "../support/github-server.js";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { runCli } from "../support/run-cli.js";

describe("matrix doctor", () => {
  let dir: string;
  let index: IndexServer;
  let upstream: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "doctor-"));
    await makeWheel({ name: "demo-pkg", version: "1.0" }, dir);
    index = await startIndexServer({ root: dir });
    upstream = join(dir, "upstream");
    await makeGitRepo(upstream, [{ message: "first", files: { "README.md": "x\n" } }]);
    await writeFile(join(dir, "requirements.txt"), "demo-pkg==1.0\n");
  });
  afterAll(async () => {
    await index.close();
    await rm(dir, { recursive: true, force: true });
  });

  const matrixFile = async (name: string, repo: string, runsOn: string) => {
    const file = join(dir, `${name}.yml`);
    await writeFile(
      file,
      [
        `name: ${name}`,
        "project: { requirements: requirements.txt }",
        `index: ${index.url}`,
        `packages: { demo-pkg: { repo: "${repo}" } }`,
        "variants: [pinned, upstream-each]",
        `jobs: { smoke: { run: "python -V", runs-on: ${runsOn} } }`,
      ].join("\n"),
    );
    return file;
  };

  it("says ok for each capability and exits 0 when the matrix needs nothing missing", async () => {
    const file = await matrixFile("ok", `file://${upstream}`, "ubuntu-latest");
    const cache = join(dir, "doctor-cache");
    const run = await runCli(["doctor", "-m", file], dir, {
      GITHUB_TOKEN: "",
      MATRIX_CACHE: cache,
      MATRIX_ENV_CAP_GB: "2",
    });
    expect(run.stdout).toMatch(/^ok\s+python\s+python3: Python 3\./m);
    expect(run.stdout).toMatch(/^ok\s+uv\s+uv \d/m);
    // The night's road (locateUv, probeToolchain), with its reason: which uv, and why that one.
    expect(run.stdout).toMatch(
      /^ok\s+uv\s+uv \S+ \(.*\) \((?:the pinned uv|named by MATRIX_UV|uv \S+ on PATH)/m,
    );
    expect(run.stdout).toMatch(/^ok\s+git\s+git version/m);
    expect(run.stdout).toMatch(
      new RegExp(`^ok\\s+index\\s+${index.url} answers \\(demo-pkg: 1 files\\)`, "m"),
    );
    expect(run.stdout).toMatch(/^ok\s+upstream\s+demo-pkg: file:\/\/\S+ main at [0-9a-f]{12}/m);
    expect(run.stdout).toMatch(/^(ok|absent)\s+gpu\s+.*(no job asks for a GPU|NVIDIA)/m);
    expect(run.stdout).toMatch(/^absent\s+token\s+GITHUB_TOKEN not set/m);
    expect(run.stdout).toMatch(
      /^ok\s+environments\s+0 in \S+, 0\.0 GB of a 2\.0 GB cap \(MATRIX_ENV_CAP_GB\)/m,
    );
    expect(run.stdout).toContain(join(cache, "envs"));
    expect(run.stdout).toContain("matrix doctor: this machine can run the matrix");
    expect(run.exitCode).toBe(0);
  }, 60_000);

  it("exits 3 naming an unreachable upstream, and a GPU when a job runs on GPU runners", async () => {
    const file = await matrixFile("bad", `file://${join(dir, "no-such-repo")}`, "[self-hosted, gpu]");
    const run = await runCli(["doctor", "-m", file, "--json"], dir, {
      MATRIX_CACHE: join(dir, "doctor-cache"),
    });
    const result = JSON.parse(run.stdout);
    const byName = Object.fromEntries(result.checks.map((c: { name: string }) => [c.name, c]));
    expect(byName.upstream).toMatchObject({ status: "missing", needed: true });
    expect(byName.upstream.detail).toContain("its upstream variants will be infra-error");
    expect(byName.gpu.needed).toBe(true);
    expect(run.stderr).toMatch(/^MISSING upstream\s+demo-pkg: /m);
    expect(run.stderr).toMatch(/matrix doctor: \d things? the matrix needs (is|are) missing \(upstream/);
    expect(run.exitCode).toBe(3);
  }, 60_000);

  it.each([
    ["a classic token: its scopes", "good", /^ok\s+token\s+GITHUB_TOKEN accepted; scopes: repo, workflow$/m],
    [
      "a token GitHub rejects",
      "revoked",
      /^absent\s+token\s+GITHUB_TOKEN is set but GitHub rejects it \(401\); renew it$/m,
    ],
  ])(
    "reports %s, without failing the doctor",
    async (_what, token, line) => {
      const github = await startGitHubServer({
        routes: [
          {
            method: "GET",
            path: "/rate_limit",
            reply: (req) =>
              req.headers.authorization === "Bearer good"
                ? { body: { resources: {} }, headers: { "x-oauth-scopes": "repo, workflow" } }
                : { status: 401, body: { message: "Bad credentials" } },
          },
        ],
      });
      try {
        const file = await matrixFile("token", `file://${upstream}`, "ubuntu-latest");
        // A cache of its own: the machine's may hold gigabytes of environments built by other tests.
        const run = await runCli(["doctor", "-m", file], dir, {
          MATRIX_CACHE: join(dir, "doctor-cache"),
          GITHUB_TOKEN: token,
          GITHUB_API_URL: github.url,
        });
        expect(run.stdout).toMatch(line);
        expect(run.exitCode).toBe(0);
      } finally {
        await github.close();
      }
    },
    60_000,
  );
});
