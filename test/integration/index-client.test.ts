import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_INDEX_URL, fetchProjectFiles } from "../../src/adapters/index-client.js";
import { formatVersions, runVersions } from "../../src/commands/versions.js";
import { isFinalRelease, sortVersions } from "../../src/core/versions/order-versions.js";
import { InputError, WorldError } from "../../src/errors.js";
import { startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";

const FAST = { retries: 3, backoffMs: 5 };
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "index-client-"));
  await Promise.all(
    ["1.0", "1.0.post1", "1!0.1", "2.0rc1", "2.0.dev3", "1.5", "0.9"].map((v) =>
      makeWheel({ name: "Demo_Pkg", version: v }, root),
    ),
  );
  // 1.5 has a wheel and an sdist: one release with two files.
  await writeFile(join(root, "demo-pkg-1.5.tar.gz"), "not really an sdist");
  // An sdist-only project (yanked at 3.0 below), to check the old spelling `name-ver.tar.gz`.
  await writeFile(join(root, "Other.Lib-3.0.tar.gz"), "x");
  await writeFile(join(root, "Other.Lib-2.0.tar.gz"), "x");
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A port on 127.0.0.1 that nothing listens on: bind one, note it, close it. */
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("fetchProjectFiles and runVersions against the local index", () => {
  it.each(["json", "html", "both"] as const)("give the same answer in %s mode", async (mode) => {
    const server = await startIndexServer({
      root,
      mode,
      yanked: { "demo-pkg": ["1.0.post1", "0.9"] },
    });
    try {
      const result = await runVersions({ package: "Demo.Pkg", indexUrl: server.url, fetchOptions: FAST });
      expect(result).toEqual({
        package: "demo-pkg",
        versions: ["1.0", "1.5", "2.0.dev3", "2.0rc1", "1!0.1"],
        latest: "1!0.1",
      });
      expect(formatVersions(result).split("\n")).toEqual([
        "demo-pkg: latest 1!0.1, 5 versions",
        ...result.versions.map((v) => `  ${v}`),
      ]);
      const files = await fetchProjectFiles(server.url, "demo-pkg", FAST);
      const wheel = files.find((f) => f.filename === "demo_pkg-1.0-py3-none-any.whl");
      expect(wheel?.url).toBe(`${server.url.replace(/\/simple$/, "")}/files/demo_pkg-1.0-py3-none-any.whl`);
      expect(wheel?.hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(files.filter((f) => f.yanked).map((f) => f.filename)).toEqual([
        "demo_pkg-0.9-py3-none-any.whl",
        "demo_pkg-1.0.post1-py3-none-any.whl",
      ]);
    } finally {
      await server.close();
    }
  });

  it("reads sdist-only projects and leaves out a yanked latest", async () => {
    const server = await startIndexServer({ root, yanked: { Other_Lib: "3.0" } });
    try {
      expect(
        await runVersions({ package: "other-lib", indexUrl: `${server.url}/`, fetchOptions: FAST }),
      ).toEqual({
        package: "other-lib",
        versions: ["2.0"],
        latest: "2.0",
      });
    } finally {
      await server.close();
    }
  });

  it("retries 503s with backoff and then succeeds", async () => {
    const server = await startIndexServer({ root, failFirst: 2 });
    try {
      const files = await fetchProjectFiles(server.url, "demo-pkg", FAST);
      expect(files.length).toBeGreaterThan(0);
      expect(server.requests).toEqual(["/simple/demo-pkg/", "/simple/demo-pkg/", "/simple/demo-pkg/"]);
    } finally {
      await server.close();
    }
  });

  it("gives up on an index that keeps failing with a WorldError naming the URL", async () => {
    const server = await startIndexServer({ root, failFirst: 100 });
    try {
      const err = await fetchProjectFiles(server.url, "demo-pkg", { retries: 2, backoffMs: 1 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorldError);
      expect((err as Error).message).toContain(`${server.url}/demo-pkg/`);
      expect((err as Error).message).toContain("503");
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it("names the package and the index in an InputError for an unknown package", async () => {
    const server = await startIndexServer({ root });
    try {
      const err = await runVersions({
        package: "no-such-pkg",
        indexUrl: server.url,
        fetchOptions: FAST,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain("no-such-pkg");
      expect((err as Error).message).toContain(server.url);
      expect((err as Error).message).not.toContain("\n");
    } finally {
      await server.close();
    }
  });
});

it("throws a WorldError naming the URL when nothing listens there", async () => {
  const indexUrl = `http://127.0.0.1:${await findClosedPort()}/simple`;
  const err = await fetchProjectFiles(indexUrl, "demo-pkg", FAST).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorldError);
  expect((err as Error).message).toContain(`${indexUrl}/demo-pkg/`);
  expect((err as Error).message).toContain("4 attempts");
});

it("reads a small stable package from real PyPI", async () => {
  const result = await runVersions({ package: "six", indexUrl: DEFAULT_INDEX_URL });
  expect(result.package).toBe("six");
  expect(result.versions.length).toBeGreaterThan(20);
  expect(result.versions).toEqual(sortVersions(result.versions));
  expect(result.versions).toContain("1.16.0");
  expect(result.latest).not.toBeNull();
  expect(result.versions).toContain(result.latest);
  expect(isFinalRelease(result.latest ?? "")).toBe(true);
  const missing = await runVersions({ package: "no-such-package-matrix-0f3c9a" }).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(InputError);
});
