import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";

const UV = resolve(".tools/uv/bin/uv");
const JSON_TYPE = "application/vnd.pypi.simple.v1+json";

let dir: string;
let root: string;
let server: IndexServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "index-server-"));
  root = join(dir, "root");
  await Promise.all([
    makeWheel({ name: "Demo_Pkg", version: "1.0", requires: ["helper-lib>=0.1"] }, root),
    // 1.1 is yanked: an unpinned install must still choose 1.0.
    makeWheel({ name: "Demo_Pkg", version: "1.1", requires: ["helper-lib>=0.1"] }, root),
    makeWheel({ name: "helper.lib", version: "0.2", requiresPython: ">=3.8" }, root),
  ]);
  server = await startIndexServer({ root, yanked: { "demo-pkg": ["1.1"] } });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("startIndexServer", () => {
  it("negotiates PEP 691 JSON and PEP 503 HTML on Accept, following the normalising redirect", async () => {
    const asJson = await fetch(`${server.url}/Demo.Pkg/`, { headers: { accept: JSON_TYPE } });
    expect(asJson.url).toBe(`${server.url}/demo-pkg/`);
    expect(asJson.headers.get("content-type")).toBe(JSON_TYPE);
    const body = (await asJson.json()) as { files: { filename: string; yanked: boolean }[] };
    expect(body.files.map((f) => [f.filename, f.yanked])).toEqual([
      ["demo_pkg-1.0-py3-none-any.whl", false],
      ["demo_pkg-1.1-py3-none-any.whl", true],
    ]);
    const html = await (await fetch(`${server.url}/demo-pkg/`, { headers: { accept: "text/html" } })).text();
    expect(html).toMatch(
      /href="\.\.\/\.\.\/files\/demo_pkg-1\.1-py3-none-any\.whl#sha256=[0-9a-f]{64}" data-yanked=""/,
    );
  });

  it("answers 404 for an unknown project", async () => {
    expect((await fetch(`${server.url}/nope/`)).status).toBe(404);
  });

  it.each([
    ["html" as const, JSON_TYPE, "text/html; charset=utf-8"],
    ["json" as const, "text/html", JSON_TYPE],
  ])("in %s mode ignores an Accept of %s", async (mode, accept, expected) => {
    const only = await startIndexServer({ root, mode });
    try {
      const res = await fetch(`${only.url}/demo-pkg/`, { headers: { accept } });
      expect(res.headers.get("content-type")).toBe(expected);
    } finally {
      await only.close();
    }
  });

  it("fails the first n requests with 503 and logs every request", async () => {
    const flaky = await startIndexServer({ root, failFirst: 2 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${flaky.url}/demo-pkg/`)).status);
      expect(statuses).toEqual([503, 503, 200]);
      expect(flaky.requests).toEqual(["/simple/demo-pkg/", "/simple/demo-pkg/", "/simple/demo-pkg/"]);
    } finally {
      await flaky.close();
    }
  });

  it("serves wheels that real pip installs, skipping the yanked release and resolving dependencies", async () => {
    const venv = join(dir, "venv-pip");
    await execa("python3", ["-m", "venv", "--upgrade-deps", venv]);
    const py = join(venv, "bin", "python");
    await execa(py, ["-m", "pip", "install", "--no-cache-dir", "--index-url", server.url, "demo-pkg"]);
    const { stdout } = await execa(py, [
      "-c",
      "import demo_pkg, helper_lib; print(demo_pkg.__version__, helper_lib.__version__)",
    ]);
    expect(stdout).toBe("1.0 0.2");
  });

  it.skipIf(!existsSync(UV))("serves wheels that real uv installs", async () => {
    const venv = join(dir, "venv-uv");
    await execa(UV, ["venv", "--python", "python3", venv]);
    const py = join(venv, "bin", "python");
    const env = { UV_NO_CACHE: "1" };
    await execa(UV, ["pip", "install", "--python", py, "--index-url", server.url, "demo-pkg"], { env });
    const { stdout } = await execa(py, [
      "-c",
      "import demo_pkg, helper_lib; print(demo_pkg.__version__, helper_lib.__version__)",
    ]);
    expect(stdout).toBe("1.0 0.2");
  });
});
