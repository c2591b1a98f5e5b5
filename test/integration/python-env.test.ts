import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureEntry, lockOf } from "../../src/adapters/env-cache.js";
import { type EnsureEnvironmentOptions, ensureEnvironment } from "../../src/adapters/python-env.js";
import { probeToolchain, type Toolchain } from "../../src/adapters/python-toolchain.js";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { makePyProject } from "../support/py-project.js";

const UV = resolve(".tools/uv/bin/uv");

let dir: string;
let server: IndexServer;
let project: string;
/** Seconds of each fresh build and reuse, printed at the end for the record. */
const timings: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "python-env-"));
  const root = join(dir, "index");
  await Promise.all([
    makeWheel({ name: "alpha", version: "1.0" }, root),
    makeWheel({ name: "alpha", version: "2.0", requires: ["beta_lib>=1.0"] }, root),
    makeWheel({ name: "beta_lib", version: "1.0" }, root),
    makeWheel({ name: "gamma", version: "3.1" }, root),
  ]);
  server = await startIndexServer({ root });
  // The project requires a package the index does not have: only --no-deps lets it install.
  project = await makePyProject(
    { name: "tinywrap", version: "0.1.0", requires: ["not-on-the-index>=1"] },
    join(dir, "wrapper"),
  );
});

afterAll(async () => {
  console.log(timings.join("\n"));
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Writes a requirements file in its own folder and returns its path. */
async function requirements(name: string, text: string): Promise<string> {
  await mkdir(join(dir, "req", name), { recursive: true });
  const file = join(dir, "req", name, "requirements.txt");
  await writeFile(file, text);
  return file;
}

describe.each(["uv", "pip"] as const)("ensureEnvironment with %s", (installer) => {
  let cacheDir: string;
  let toolchain: Toolchain;
  const base = (): Omit<EnsureEnvironmentOptions, "requirementsFile"> => ({
    toolchain,
    indexUrl: server.url,
    cacheDir,
  });

  beforeAll(async () => {
    cacheDir = join(dir, `cache-${installer}`);
    toolchain = await probeToolchain({ python: "python3", installer, uvPath: UV, cwd: dir });
  });

  it("builds a fresh environment with the requirements, then the project without its deps", async () => {
    const file = await requirements(`${installer}-fresh`, "alpha==2.0\n");
    const env = await ensureEnvironment({ ...base(), requirementsFile: file, projectPath: project });
    if (env.status !== "ok") throw new Error(env.excerpt);
    expect(env).toMatchObject({ installer, reused: false, envDir: join(cacheDir, "envs", env.key) });
    expect(env.installed).toMatchObject({ alpha: "2.0", "beta-lib": "1.0", tinywrap: "0.1.0" });
    expect(env.installed).not.toHaveProperty("not-on-the-index");
    const { stdout } = await execa(env.python, [
      "-c",
      "import alpha, beta_lib, tinywrap; print(alpha.__version__, tinywrap.__version__)",
    ]);
    expect(stdout).toBe("2.0 0.1.0");

    const again = await ensureEnvironment({ ...base(), requirementsFile: file, projectPath: project });
    expect(again).toMatchObject({
      status: "ok",
      reused: true,
      key: env.key,
      envDir: env.envDir,
      installed: env.installed,
    });
    timings.push(`${installer}: fresh build ${env.seconds}s, reuse ${again.seconds}s`);
  });

  it("reuses the dependency layer after a project edit and reinstalls only the project, without its deps", async () => {
    const file = await requirements(`${installer}-edit`, "gamma==3.1\n");
    const copy = join(dir, `wrapper-${installer}`);
    await cp(project, copy, { recursive: true });
    const first = await ensureEnvironment({ ...base(), requirementsFile: file, projectPath: copy });
    if (first.status !== "ok") throw new Error(first.excerpt);
    await writeFile(join(copy, "tinywrap", "__init__.py"), '__version__ = "0.1.0"\nEDITED = True\n');
    const edited = await ensureEnvironment({ ...base(), requirementsFile: file, projectPath: copy });
    expect(edited).toMatchObject({ status: "ok", reused: true, projectReinstalled: true, key: first.key });
    if (edited.status !== "ok") return;
    const { stdout } = await execa(edited.python, ["-c", "import tinywrap; print(tinywrap.EDITED)"]);
    expect(stdout).toBe("True");
    // Nothing changed since: neither layer is touched again.
    const again = await ensureEnvironment({ ...base(), requirementsFile: file, projectPath: copy });
    expect(again).toMatchObject({ status: "ok", reused: true, projectReinstalled: false });
    timings.push(
      `${installer}: layer built ${first.seconds}s, project edit ${edited.seconds}s, unchanged ${again.status === "ok" ? again.seconds : "-"}s`,
    );
  });

  it("keys by content: the same lines elsewhere reuse, a changed line builds anew", async () => {
    const first = await ensureEnvironment({
      ...base(),
      requirementsFile: await requirements(`${installer}-a`, "gamma==3.1\n"),
    });
    const moved = await ensureEnvironment({
      ...base(),
      requirementsFile: await requirements(`${installer}-b`, "gamma==3.1\n"),
    });
    const changed = await ensureEnvironment({
      ...base(),
      requirementsFile: await requirements(`${installer}-c`, "gamma==3.1\nalpha==1.0\n"),
    });
    expect(first).toMatchObject({ status: "ok", reused: false });
    expect(moved).toMatchObject({ status: "ok", reused: true });
    expect(changed).toMatchObject({ status: "ok", reused: false, installed: { alpha: "1.0", gamma: "3.1" } });
    if (first.status === "ok" && changed.status === "ok") expect(changed.key).not.toBe(first.key);
  });

  it("returns an install error with the resolver's message, leaving nothing in the cache", async () => {
    const file = await requirements(`${installer}-missing`, "alpha==9.9\n");
    const env = await ensureEnvironment({ ...base(), requirementsFile: file });
    expect(env.status).toBe("install-error");
    if (env.status !== "install-error") return;
    expect(env.excerpt).toMatch(
      installer === "uv" ? /no version of alpha==9\.9/ : /No matching distribution found for alpha==9\.9/,
    );
    expect(env.network).toBe(false);
    expect(env.logText).toContain("alpha==9.9");
    const left = await readdir(join(cacheDir, "envs"));
    expect(left.filter((name) => name.endsWith(".lockdir"))).toEqual([]);
    const kept = await Promise.all(
      left.map((name) => existsSync(join(cacheDir, "envs", name, ".matrix-complete.json"))),
    );
    expect(kept.every(Boolean)).toBe(true);
  });

  it("builds once when two callers ask for the same environment at the same time", async () => {
    const file = await requirements(`${installer}-race`, "beta_lib==1.0\ngamma==3.1\n");
    const [a, b] = await Promise.all([
      ensureEnvironment({ ...base(), requirementsFile: file }),
      ensureEnvironment({ ...base(), requirementsFile: file }),
    ]);
    expect(a?.status).toBe("ok");
    expect(b?.status).toBe("ok");
    if (a?.status !== "ok" || b?.status !== "ok") return;
    expect(a.envDir).toBe(b.envDir);
    expect([a.reused, b.reused].sort()).toEqual([false, true]);
  });
});

describe("ensureEnvironment choices", () => {
  it("records the commit of a VCS install", async () => {
    const repo = await makePyProject({ name: "vcswrap", version: "0.2.0.dev0" }, join(dir, "vcs"));
    const git = (...args: string[]) => execa("git", ["-C", repo, ...args]);
    await git("init", "-q");
    await git("add", ".");
    await git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
    const sha = (await git("rev-parse", "HEAD")).stdout.trim();
    const file = await requirements("vcs", `vcswrap @ git+file://${repo}@${sha}\n`);
    const env = await ensureEnvironment({
      toolchain: await probeToolchain({ python: "python3", installer: "uv", uvPath: UV, cwd: dir }),
      indexUrl: server.url,
      requirementsFile: file,
      cacheDir: join(dir, "cache-vcs"),
    });
    expect(env).toMatchObject({ status: "ok", installed: { vcswrap: sha } });
  });

  it("takes uv on auto, and falls back to pip when uv does not run", async () => {
    const file = await requirements("auto", "gamma==3.1\n");
    const cacheDir = join(dir, "cache-auto");
    const withUv = await ensureEnvironment({
      toolchain: await probeToolchain({ python: "python3", installer: "auto", uvPath: UV, cwd: dir }),
      indexUrl: server.url,
      requirementsFile: file,
      cacheDir,
    });
    expect(withUv).toMatchObject({ status: "ok", installer: "uv" });
    const noUv = await ensureEnvironment({
      toolchain: await probeToolchain({
        python: "python3",
        installer: "auto",
        uvPath: join(dir, "no-uv"),
        cwd: dir,
      }),
      indexUrl: server.url,
      requirementsFile: file,
      cacheDir,
    });
    expect(noUv).toMatchObject({ status: "ok", installer: "pip", reused: false });
  });

  it("throws a WorldError for an interpreter or a uv that does not run", async () => {
    await expect(
      probeToolchain({ python: "python-does-not-exist", installer: "uv", uvPath: UV, cwd: dir }),
    ).rejects.toMatchObject({ name: "WorldError", exitCode: 3 });
    await expect(
      probeToolchain({ python: "python3", installer: "uv", uvPath: join(dir, "no-uv"), cwd: dir }),
    ).rejects.toMatchObject({ name: "WorldError", exitCode: 3 });
  });
});

describe("ensureEntry (the cache's lock)", () => {
  it("breaks a lock whose heartbeat stopped, and leaves nothing after a throwing build", async () => {
    const root = join(dir, "entries");
    await mkdir(lockOf(root, "k2"), { recursive: true });
    const old = new Date(Date.now() - 60_000);
    await utimes(lockOf(root, "k2"), old, old);
    await expect(
      ensureEntry(root, "k2", async () => Promise.reject(new Error("boom")), { staleMs: 2_000, pollMs: 10 }),
    ).rejects.toThrow("boom");
    expect(existsSync(join(root, "k2"))).toBe(false);
    expect(existsSync(lockOf(root, "k2"))).toBe(false);
  });
});
