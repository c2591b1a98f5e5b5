import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fetchFromCoreMetadata, fetchProjectUrls } from "../../src/adapters/project-urls.js";
import { pickSourceRepo } from "../../src/core/init/source-repo.js";
import { startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { runCli } from "../support/run-cli.js";

const actionlint = fileURLToPath(new URL("../../.tools/bin/actionlint", import.meta.url));
const HUB = "https://github.com/huggingface/huggingface_hub.git";

describe("project URLs", () => {
  it("finds huggingface_hub's repository through PyPI's JSON API", async () => {
    const found = await fetchProjectUrls("https://pypi.org/simple", "huggingface-hub");
    expect(pickSourceRepo(found.urls)).toBe(HUB);
    expect(found.from).toBe("https://pypi.org/pypi/huggingface-hub/json");
  });

  it.each(["json", "html"] as const)(
    "reads the newest wheel's METADATA (PEP 658) on another index serving %s",
    async (mode) => {
      const root = await mkdtemp(join(tmpdir(), "init-index-"));
      const projectUrls = (repo: string) => ({ Documentation: "https://example.org/docs", Source: repo });
      await makeWheel(
        { name: "demo-pkg", version: "1.0", projectUrls: projectUrls("https://github.com/old/demo") },
        root,
      );
      await makeWheel(
        { name: "demo-pkg", version: "1.1", projectUrls: projectUrls("https://github.com/new/demo") },
        root,
      );
      const server = await startIndexServer({ root, mode, coreMetadata: true });
      try {
        const found = await fetchProjectUrls(server.url, "Demo_Pkg");
        expect(pickSourceRepo(found.urls)).toBe("https://github.com/new/demo.git");
        expect(found.from).toMatch(/demo_pkg-1\.1-py3-none-any\.whl\.metadata$/);
        const without = await startIndexServer({ root, mode });
        expect(await fetchFromCoreMetadata(without.url, "demo-pkg")).toEqual({ urls: [], from: null });
        await without.close();
      } finally {
        await server.close();
        await rm(root, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it("calls a package PyPI does not know an input error", async () => {
    await expect(fetchProjectUrls("https://pypi.org/simple", "no-such-package-zz-h12")).rejects.toMatchObject(
      {
        exitCode: 2,
        message: expect.stringContaining("not found on PyPI"),
      },
    );
  });
});

describe("matrix init", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "init-command-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes a matrix.yml that plan accepts and a workflow actionlint passes, then refuses to overwrite", async () => {
    const repo = join(dir, "wrapper");
    await mkdir(repo);
    await writeFile(join(repo, "requirements.txt"), "huggingface_hub==0.24.0\npackaging==24.1\n");
    const init = await runCli(["init", "--workflow", "--track", "packaging", "--json"], repo);
    expect(init.stderr).toContain(`track huggingface_hub: ${HUB}`);
    expect(init.exitCode).toBe(0);
    const result = JSON.parse(init.stdout);
    expect(result.packages.map((p: { name: string }) => p.name)).toEqual(["huggingface_hub", "packaging"]);
    const matrix = parse(await readFile(join(repo, "matrix.yml"), "utf8"));
    expect(matrix.packages.huggingface_hub.repo).toBe(HUB);
    expect(matrix.project.requirements).toBe("requirements.txt");

    // No -m: ./matrix.yml is the one read.
    const plan = await runCli(["plan", "--json"], repo);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain("upstream-huggingface-hub");

    const lint = await execa(
      actionlint,
      [".github/workflows/matrix-nightly.yml", ".github/workflows/matrix-pr.yml"],
      {
        cwd: repo,
        reject: false,
      },
    );
    expect(lint.stdout + lint.stderr).toBe("");
    expect(lint.exitCode).toBe(0);
    // The caller passes only inputs the reusable fan-out declares today.
    const night = parse(
      await readFile(
        join(fileURLToPath(new URL("../..", import.meta.url)), ".github/workflows/matrix-night.yml"),
        "utf8",
      ),
    );
    const caller = parse(await readFile(join(repo, ".github/workflows/matrix-nightly.yml"), "utf8"));
    const declared = Object.keys(night.on.workflow_call.inputs);
    expect(Object.keys(caller.jobs.night.with).filter((k) => !declared.includes(k))).toEqual([]);
    expect(caller.jobs.night.uses).toMatch(/\/\.github\/workflows\/matrix-night\.yml@v\d+\.\d+\.\d+$/);
    expect(result.notes).toContain(
      "add reports/ to .gitignore: run folders, history and the dashboard are written there",
    );

    const again = await runCli(["init"], repo);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("matrix.yml already exists; pass --force to replace");
    expect((await runCli(["init", "--force"], repo)).exitCode).toBe(0);
  }, 120_000);

  it("--index-url: project URLs come from that index, and matrix.yml names it", async () => {
    const root = await mkdtemp(join(dir, "private-index-"));
    await makeWheel(
      { name: "trl", version: "0.12.0", projectUrls: { Source: "https://github.com/private/trl" } },
      root,
    );
    const server = await startIndexServer({ root, coreMetadata: true });
    try {
      const repo = await mkdtemp(join(dir, "private-"));
      await writeFile(join(repo, "requirements.txt"), "trl==0.12.0\n");
      const run = await runCli(["init", "--json", "--index-url", server.url], repo);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).packages).toEqual([
        { name: "trl", repo: "https://github.com/private/trl.git" },
      ]);
      expect(parse(await readFile(join(repo, "matrix.yml"), "utf8")).index).toBe(server.url);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("tracks what the pins file installs, and notes training packages only other files declare", async () => {
    const repo = await mkdtemp(join(dir, "notes-"));
    await writeFile(join(repo, "requirements.txt"), "huggingface-hub==0.24.0\n");
    await writeFile(join(repo, "requirements-dev.txt"), "trl==0.12.0\n");
    await writeFile(
      join(repo, "setup.cfg"),
      "[options]\ninstall_requires =\n    peft>=0.11\n    huggingface-hub\n",
    );
    const run = await runCli(["init", "--json"], repo);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.read).toEqual(["requirements.txt", "requirements-dev.txt", "setup.cfg"]);
    expect(result.packages.map((p: { name: string }) => p.name)).toEqual(["huggingface-hub"]);
    expect(result.notes).toEqual([
      "peft is declared in setup.cfg but not in requirements.txt: add it there to track it",
      "trl is declared in requirements-dev.txt but not in requirements.txt: add it there to track it",
      "add reports/ to .gitignore: run folders, history and the dashboard are written there",
    ]);
    expect(run.stderr).toContain("  note: peft is declared in setup.cfg");
    // setup.cfg makes the folder a Python project: installed into every environment.
    expect(parse(await readFile(join(repo, "matrix.yml"), "utf8")).project.path).toBe(".");
  }, 60_000);

  it("says which requirements are not exact pins, and warns that tracking torch builds it from source", async () => {
    const repo = await mkdtemp(join(dir, "loose-"));
    await writeFile(
      join(repo, "pyproject.toml"),
      '[project]\nname = "loose"\nversion = "0.1"\ndependencies = ["torch>=2.1", "transformers==4.47.1"]\n',
    );
    await writeFile(join(repo, ".gitignore"), "reports/\n");
    const run = await runCli(["init", "--track", "torch", "--json"], repo);
    expect(run.exitCode, run.stderr).toBe(0);
    const notes: string[] = JSON.parse(run.stdout).notes;
    expect(notes).toContain(
      "1 of 2 requirements in pyproject.toml are not exact pins (torch>=2.1): pinned tests whatever resolves that night; run matrix init --lock --force to pin them all in requirements.lock.txt",
    );
    expect(notes).toContain(
      "torch is tracked: its upstream variants build it from source (hours for PyTorch); drop its repo to test its releases only",
    );
    expect(notes.some((n) => n.includes(".gitignore"))).toBe(false);
  }, 60_000);

  it("finds the runtime pins in a requirements/ folder", async () => {
    const repo = await mkdtemp(join(dir, "nested-"));
    await mkdir(join(repo, "requirements"));
    await writeFile(join(repo, "requirements", "dev.txt"), "-r base.txt\ntrl==0.12.0\n");
    await writeFile(join(repo, "requirements", "base.txt"), "huggingface-hub==0.24.0\n");
    const run = await runCli(["init", "--json"], repo);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      requirements: "requirements/base.txt",
      packages: [{ name: "huggingface-hub" }],
    });
  }, 60_000);

  it.each([
    ["a folder with nothing to pin from", {}, ["init"], "has no requirements.txt"],
    [
      "a --track name the index does not know",
      { "requirements.txt": "peft==0.11.1\n" },
      ["init", "--track", "no-such-package-zz-h12"],
      "--track no-such-package-zz-h12",
    ],
  ])(
    "exits 2 for %s",
    async (_what, files, args, message) => {
      const repo = await mkdtemp(join(dir, "bad-"));
      for (const [name, text] of Object.entries(files)) await writeFile(join(repo, name), text);
      const run = await runCli(args, repo);
      expect(run.stderr).toContain(message);
      expect(run.exitCode).toBe(2);
    },
    60_000,
  );
});
