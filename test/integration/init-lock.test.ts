/**
 * `matrix init --lock` against a real local index with the real pinned uv: a PEP 621 project with
 * a range and an extra is compiled into requirements.lock.txt (exact pins, transitives included),
 * the written matrix pins from it, `variants` rewrites only the tracked line, and an extra's
 * package can be tracked. An existing lock is kept without --force; an unreachable index is exit 3.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { runCli } from "../support/run-cli.js";

const PYPROJECT = `[project]
name = "lockme"
version = "0.1.0"
dependencies = ["peft>=0.1,<0.3"]

[project.optional-dependencies]
eval = ["evalkit<2"]
docs = ["sphinxish"]
`;

let root: string;
let repo: string;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "init-lock-"));
  const wheels = join(root, "wheels");
  await mkdir(wheels);
  const dists: Array<[string, string, string[]]> = [
    ["peft", "0.1.0", ["helperlib>=1.0", "accelerate"]],
    ["peft", "0.2.0", ["helperlib>=1.0", "accelerate"]],
    ["peft", "0.3.0", ["helperlib>=1.1", "accelerate"]],
    ["accelerate", "1.0.0", []],
    ["helperlib", "1.0.0", []],
    ["helperlib", "1.1.0", []],
    ["evalkit", "1.0.0", []],
    ["evalkit", "2.0.0", []],
  ];
  for (const [name, version, requires] of dists) await makeWheel({ name, version, requires }, wheels);
  server = await startIndexServer({ root: wheels });
  repo = join(root, "wrapper");
  await mkdir(repo);
  await writeFile(join(repo, "pyproject.toml"), PYPROJECT);
}, 120_000);

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe("matrix init --lock", () => {
  it("lists the extras and refuses --extras without --lock, writing nothing", async () => {
    const init = await runCli(["init", "--extras", "eval", "--index-url", server.url], repo);
    expect(init.exitCode).toBe(2);
    expect(init.stderr.trim().split("\n")).toHaveLength(1);
    expect(init.stderr).toContain("pass --lock too");
    await expect(readFile(join(repo, "matrix.yml"), "utf8")).rejects.toThrow();
  }, 60_000);

  it("locks the range and the extra as exact pins; variants moves the tracked line only", async () => {
    const args = ["init", "--lock", "--extras", "eval", "--track", "evalkit", "--index-url", server.url];
    const init = await runCli([...args, "--json"], repo);
    expect(init.exitCode, init.stderr).toBe(0);
    const result = JSON.parse(init.stdout);
    expect(result.requirements).toBe("requirements.lock.txt");
    expect(result.lock.pins).toBe(4);
    expect(result.lock.loosePins).toEqual([]);
    expect(result.extras).toEqual([
      { extra: "eval", packages: ["evalkit"], chosen: true },
      { extra: "docs", packages: ["sphinxish"], chosen: false },
    ]);
    // accelerate (a training package) comes only through peft: locked, not proposed.
    expect(result.packages.map((p: { name: string }) => p.name)).toEqual(["peft", "evalkit"]);
    expect(init.stderr).toContain("extra eval: evalkit (locked: trackable, installed in every variant)");
    expect(init.stderr).toContain("uv pip compile pyproject.toml --extra eval -o requirements.lock.txt");

    const lock = await readFile(join(repo, "requirements.lock.txt"), "utf8");
    const pins = lock.split("\n").filter((l) => /^[a-z]/.test(l));
    expect(pins).toEqual(["accelerate==1.0.0", "evalkit==1.0.0", "helperlib==1.1.0", "peft==0.2.0"]);
    expect(lock).toContain("uv pip compile pyproject.toml --extra eval -o requirements.lock.txt");
    const matrix = parse(await readFile(join(repo, "matrix.yml"), "utf8"));
    expect(matrix.project.requirements).toBe("requirements.lock.txt");
    expect(matrix.index).toBe(server.url);

    const variants = await runCli(["variants", "--out", join(root, "out"), "--json"], repo);
    expect(variants.exitCode, variants.stderr).toBe(0);
    const names = JSON.parse(variants.stdout).variants.map((v: { name: string }) => v.name);
    expect(names).toEqual(expect.arrayContaining(["pinned", "latest-peft", "latest-evalkit", "latest-all"]));
    const pinned = await readFile(join(root, "out", "pinned", "requirements.txt"), "utf8");
    expect(pinned).toBe(lock);
    const latestPeft = await readFile(join(root, "out", "latest-peft", "requirements.txt"), "utf8");
    const changed = lock.split("\n").flatMap((line, i) => {
      const after = latestPeft.split("\n")[i];
      return after === line ? [] : [[line, after]];
    });
    expect(changed).toEqual([["peft==0.2.0", "peft==0.3.0"]]);
    const latestEval = await readFile(join(root, "out", "latest-evalkit", "requirements.txt"), "utf8");
    expect(latestEval).toContain("evalkit==2.0.0");
    expect(latestEval).toContain("peft==0.2.0");
  }, 180_000);

  it("keeps an existing lock without --force (exit 2, one line)", async () => {
    const before = await readFile(join(repo, "requirements.lock.txt"), "utf8");
    const again = await runCli(["init", "--lock", "--index-url", server.url], repo);
    expect(again.exitCode).toBe(2);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    expect(again.stderr).toContain("requirements.lock.txt");
    expect(again.stderr).toContain("--force");
    expect(await readFile(join(repo, "requirements.lock.txt"), "utf8")).toBe(before);
  }, 60_000);

  it("a later init pins from the lock and proposes what the project declares, not the lock's transitives", async () => {
    const again = await runCli(["init", "--force", "--index-url", server.url, "--json"], repo);
    expect(again.exitCode, again.stderr).toBe(0);
    const result = JSON.parse(again.stdout);
    expect(result.requirements).toBe("requirements.lock.txt");
    expect(result.lock).toBeNull();
    expect(result.packages.map((p: { name: string }) => p.name)).toEqual(["peft"]);
  }, 60_000);

  it("a source uv cannot resolve is exit 2 with uv's deepest reason, and writes nothing", async () => {
    const broken = join(root, "broken");
    await mkdir(broken);
    await writeFile(
      join(broken, "pyproject.toml"),
      '[project]\nname = "b"\nversion = "1"\ndependencies = ["peft>=9"]\n',
    );
    const init = await runCli(["init", "--lock", "--index-url", server.url], broken);
    expect(init.exitCode, init.stderr).toBe(2);
    expect(init.stderr.trim().split("\n")).toHaveLength(1);
    expect(init.stderr).toContain(
      "pyproject.toml:1:1: its requirements cannot be locked: Because only peft<=0.3.0 is available and b depends on peft>=9",
    );
    await expect(readFile(join(broken, "requirements.lock.txt"), "utf8")).rejects.toThrow();
    await expect(readFile(join(broken, "matrix.yml"), "utf8")).rejects.toThrow();
  }, 60_000);

  it("an unreachable index is exit 3 and the lock stays as it was", async () => {
    const before = await readFile(join(repo, "requirements.lock.txt"), "utf8");
    const dead = "http://127.0.0.1:9/simple";
    const init = await runCli(["init", "--lock", "--force", "--index-url", dead], repo);
    expect(init.exitCode, init.stderr).toBe(3);
    expect(init.stderr).toContain(dead);
    expect(await readFile(join(repo, "requirements.lock.txt"), "utf8")).toBe(before);
  }, 180_000);
});
