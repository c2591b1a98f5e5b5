import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachedUvPath, locateUv } from "../../src/adapters/uv-binary.js";
import { UV_VERSION } from "../../src/core/tools/uv-wheels.js";

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
    expect(first).toEqual({ path: cachedUvPath(cacheDir), source: "downloaded" });
    const version = await execa(cachedUvPath(cacheDir), ["--version"]);
    expect(version.stdout).toContain(`uv ${UV_VERSION}`);
    const second = await locateUv(bare(cacheDir));
    expect(second).toEqual({ path: cachedUvPath(cacheDir), source: "cache" });
  }, 180_000);

  it("refuses a wheel whose bytes do not match the pinned sha256, and says so", async () => {
    const tampered = (async () => new Response("not the wheel")) as typeof fetch;
    const found = await locateUv({ ...bare(join(dir, "tampered")), fetch: tampered });
    expect(found.path).toBeNull();
    expect(found).toMatchObject({
      why: expect.stringMatching(/has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/),
    });
  });

  it("says which URL could not be reached", async () => {
    const offline = (async () => {
      throw new TypeError("fetch failed", {
        cause: new Error("getaddrinfo ENOTFOUND files.pythonhosted.org"),
      });
    }) as typeof fetch;
    const found = await locateUv({ ...bare(join(dir, "offline")), fetch: offline });
    expect(found).toMatchObject({
      path: null,
      why: expect.stringContaining("ENOTFOUND files.pythonhosted.org"),
    });
  });

  it("takes MATRIX_UV, then uv on PATH, before downloading", async () => {
    expect(await locateUv({ ...bare(dir), env: { MATRIX_UV: "/opt/uv" } })).toEqual({
      path: "/opt/uv",
      source: "MATRIX_UV",
    });
    const binDir = join(dir, "cache", "tools", `uv-${UV_VERSION}`);
    const found = await locateUv({ ...bare(join(dir, "other")), env: { PATH: `/nonexistent:${binDir}` } });
    expect(found).toEqual({ path: join(binDir, "uv"), source: "PATH" });
  });
});
