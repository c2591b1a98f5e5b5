import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cachedUvPath, locateUv } from "../../src/adapters/uv-binary.js";
import { UV_VERSION } from "../../src/core/tools/uv-wheels.js";
import { gatherMachineFacts } from "../../src/engine/project/environment-spec.js";
import { loadProject } from "../../src/engine/project/load-project.js";

// A machine with no uv anywhere: empty PATH, no checkout .tools, an empty cache.
const bare = (cacheDir: string) => ({ cacheDir, env: { PATH: "" }, checkoutUv: "/nonexistent/uv" });

describe("locateUv", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "uv-binary-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("downloads the pinned wheel from PyPI, checks it and unzips a uv that runs, once", async () => {
    const cacheDir = join(dir, "cache");
    const first = await locateUv(bare(cacheDir));
    expect(first).toEqual({
      path: cachedUvPath(cacheDir),
      source: "downloaded",
      why: `the pinned uv ${UV_VERSION}, downloaded`,
    });
    const version = await execa(cachedUvPath(cacheDir), ["--version"]);
    expect(version.stdout).toContain(`uv ${UV_VERSION}`);
    const second = await locateUv(bare(cacheDir));
    expect(second).toEqual({
      path: cachedUvPath(cacheDir),
      source: "cache",
      why: `the pinned uv ${UV_VERSION}, cached`,
    });
  }, 180_000);

  it("refuses a wheel whose bytes do not match the pinned sha256, and says so", async () => {
    const tampered = (async () => new Response("not the wheel")) as typeof fetch;
    const found = await locateUv({ ...bare(join(dir, "tampered")), fetch: tampered });
    expect(found.path).toBeNull();
    expect(found).toMatchObject({
      why: expect.stringMatching(/has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/),
    });
  });

  it("says which URL could not be reached, after retrying", async () => {
    let calls = 0;
    const offline = (async () => {
      calls++;
      throw new TypeError("fetch failed", {
        cause: new Error("getaddrinfo ENOTFOUND files.pythonhosted.org"),
      });
    }) as typeof fetch;
    const found = await locateUv({ ...bare(join(dir, "offline")), fetch: offline });
    expect(found).toMatchObject({
      path: null,
      why: expect.stringContaining("ENOTFOUND files.pythonhosted.org"),
    });
    expect(calls).toBe(3);
  });

  it("gets the wheel when the first try hits a hiccup", async () => {
    let calls = 0;
    const flaky = (async (url: string | URL | Request, init?: RequestInit) => {
      calls++;
      if (calls === 1) throw new TypeError("fetch failed", { cause: new Error("ECONNRESET") });
      return fetch(url, init);
    }) as typeof fetch;
    const found = await locateUv({ ...bare(join(dir, "flaky")), fetch: flaky });
    expect(found).toMatchObject({ source: "downloaded" });
    expect(calls).toBe(2);
  });

  it("takes MATRIX_UV, then a uv on PATH not older than the pinned one, before downloading", async () => {
    expect(await locateUv({ ...bare(dir), env: { MATRIX_UV: "/opt/uv" } })).toEqual({
      path: "/opt/uv",
      source: "MATRIX_UV",
      why: "named by MATRIX_UV",
    });
    const binDir = join(dir, "cache", "tools", `uv-${UV_VERSION}`);
    const found = await locateUv({ ...bare(join(dir, "other")), env: { PATH: `/nonexistent:${binDir}` } });
    expect(found).toEqual({
      path: join(binDir, "uv"),
      source: "PATH",
      why: `uv ${UV_VERSION} on PATH, not older than ${UV_VERSION}`,
    });
  });

  it("does not use an older uv on PATH: the pinned one is downloaded, and the answer says why", async () => {
    // An executable that answers `--version` as uv 0.4.30 does: the version gate reads that answer.
    const oldDir = join(dir, "old-uv");
    await mkdir(oldDir, { recursive: true });
    await writeFile(join(oldDir, "uv"), '#!/bin/sh\necho "uv 0.4.30"\n', { mode: 0o755 });
    const cacheDir = join(dir, "old-cache");
    const found = await locateUv({ ...bare(cacheDir), env: { PATH: oldDir } });
    expect(found).toEqual({
      path: cachedUvPath(cacheDir),
      source: "downloaded",
      why: `the pinned uv ${UV_VERSION}, downloaded (uv 0.4.30 on PATH is older)`,
    });
  });

  it("says once, with why, that environments fall back to pip when uv does not run", async () => {
    const repo = await mkdtemp(join(dir, "fallback-"));
    await writeFile(join(repo, "requirements.txt"), "packaging==24.1\n");
    await writeFile(
      join(repo, "matrix.yml"),
      'name: f\nproject: { requirements: requirements.txt }\npackages: {}\nvariants: [pinned]\njobs: { smoke: { run: "python -V" } }\n',
    );
    const project = await loadProject(join(repo, "matrix.yml"));
    const saved = { uv: process.env.MATRIX_UV, cache: process.env.MATRIX_CACHE };
    process.env.MATRIX_UV = join(repo, "no-uv-here");
    process.env.MATRIX_CACHE = join(repo, "cache");
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const facts = await gatherMachineFacts(project, join(repo, "reports"));
      expect(facts.toolchain.installer).toBe("pip");
    } finally {
      spy.mockRestore();
      for (const [name, value] of [
        ["MATRIX_UV", saved.uv],
        ["MATRIX_CACHE", saved.cache],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    // The progress line ("[setup] ... pip 23.2.1") shows only when the probe is slow: not counted.
    expect(lines.filter((l) => l.includes("pip") && !l.startsWith("[setup]"))).toEqual([
      `matrix: environments use pip, not uv: ${join(repo, "no-uv-here")} (from MATRIX_UV) does not run\n`,
    ]);
  }, 60_000);
});
