/**
 * The adoption path as a new user takes it: the harness packed as npm would publish it, installed
 * into a fresh git repository that holds only a requirements file and a script, then the commands
 * of the README's "Use it in your repository" section, run verbatim (the package name swapped for
 * the tarball). uv must come from PATH or the cache's download, never pip.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { UV_VERSION } from "../../src/core/tools/uv-wheels.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The shell lines of the README's "Use it in your repository" block. */
async function readmeCommands(): Promise<string[]> {
  const readme = await readFile(join(root, "README.md"), "utf8");
  const section = readme.split("## Use it in your repository")[1] ?? "";
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block.split("\n").filter((l) => l.trim() !== "");
}

describe("npm pack, install into a fresh repository, init, nightly", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pack-install-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the README's commands as written and uses uv", async () => {
    const packed = await execa("npm", ["pack", "--json", "--pack-destination", dir], { cwd: root });
    const tarball = join(dir, JSON.parse(packed.stdout)[0].filename);
    const repo = join(dir, "my-wrapper");
    await mkdir(repo);
    await execa("git", ["init", "-q"], { cwd: repo });
    await writeFile(join(repo, "requirements.txt"), "huggingface_hub==0.24.0\npackaging==24.1\n");
    const cache = join(dir, "cache");
    // No uv on PATH (the harness's own .tools is not in the package): it must be downloaded.
    const path = (process.env.PATH ?? "")
      .split(":")
      .filter((d) => !existsSync(join(d, "uv")))
      .join(":");
    const env = { MATRIX_CACHE: cache, PATH: path, NO_COLOR: "1" };

    const commands = await readmeCommands();
    expect(commands).toEqual([
      "npm install --save-dev @matrix-ci/matrix",
      "npx matrix init",
      "npx matrix nightly",
    ]);
    const outputs: string[] = [];
    for (const line of commands) {
      const [cmd = "", ...args] = line.replace("@matrix-ci/matrix", tarball).split(" ");
      const run = await execa(cmd, args, { cwd: repo, env, reject: false, all: true, timeout: 600_000 });
      outputs.push(run.all ?? "");
      expect(run.exitCode, `${line}\n${run.all}`).toBe(0);
    }
    const [install = "", init = "", nightly = ""] = outputs;

    // Nothing to approve: the package as installed has no install scripts (npm 11 asks about any).
    expect(install).not.toMatch(/install-scripts/);
    const installed = JSON.parse(
      await readFile(join(repo, "node_modules", "@matrix-ci", "matrix", "package.json"), "utf8"),
    );
    const lifecycle = ["preinstall", "install", "postinstall", "prepare"];
    expect(Object.keys(installed.scripts ?? {}).filter((s) => lifecycle.includes(s))).toEqual([]);
    expect(existsSync(join(repo, "node_modules", "@matrix-ci", "matrix", "dist", "bin.js"))).toBe(true);

    expect(init).toContain("track huggingface_hub: https://github.com/huggingface/huggingface_hub.git");
    const matrix = parse(await readFile(join(repo, "matrix.yml"), "utf8"));
    expect(matrix.packages.huggingface_hub.repo).toBe("https://github.com/huggingface/huggingface_hub.git");
    expect(existsSync(join(cache, "tools", `uv-${UV_VERSION}`, "uv"))).toBe(true);
    expect(nightly).toContain("[pinned] environment built with uv");
    expect(nightly).not.toMatch(/pip/);

    const [run = ""] = await readdir(join(repo, "reports"));
    const result = JSON.parse(
      await readFile(join(repo, "reports", run, "results", "pinned--import-smoke.json"), "utf8"),
    );
    expect(result).toMatchObject({
      status: "pass",
      installed: { "huggingface-hub": "0.24.0", packaging: "24.1" },
    });
    const summary = JSON.parse(await readFile(join(repo, "reports", run, "summary.json"), "utf8"));
    expect(summary.blocked).toBe(false);
    // The night's dashboard carries the page script bundled at pack time (no esbuild installed).
    const package_ = join(repo, "node_modules", "@matrix-ci", "matrix");
    const script = await readFile(join(package_, "dist", "page.js"), "utf8");
    expect(existsSync(join(repo, "node_modules", "esbuild"))).toBe(false);
    expect(await readFile(join(repo, "reports", "site", "index.html"), "utf8")).toContain(
      `<script>${script}</script>`,
    );
  }, 300_000);
});
