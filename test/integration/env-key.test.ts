/**
 * The environment key from the parsed requirement tree and the project's install-relevant files:
 * include paths the variant writer emits (quoted, with spaces; continued lines) never crash it,
 * every included file and local path counts, and what an install never reads does not.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeEnvKey } from "../../src/adapters/env-key.js";
import { projectFilesOf } from "../../src/adapters/project-layer.js";
import type { Toolchain } from "../../src/adapters/python-toolchain.js";

const toolchain: Toolchain = {
  interpreter: "/usr/bin/python3",
  interpreterVersion: "3.11.7",
  installer: "uv",
  installerVersion: "uv 0.13.9",
  uvPath: "uv",
};

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "matrix-envkey-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(rel: string, text: string): Promise<string> {
  const path = join(dir, rel);
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, text);
  return path;
}

describe("computeEnvKey", () => {
  it("follows quoted and continued includes, and keys by every file and local path", async () => {
    await write("v/a b.txt", "fakedata==1.0.0\n");
    await write("v/base.txt", "fakeformers==1.0.0\n");
    await write("v/pkg/setup.py", "from setuptools import setup\nsetup(name='pkg')\n");
    const root = await write("v/requirements.txt", "-r 'a b.txt'\n-r \\\n  base.txt\n./pkg\n");
    const key = () =>
      computeEnvKey({
        toolchain,
        requirementsFile: root,
        requirementsDir: join(dir, "v"),
        systemSitePackages: false,
      });
    const first = await key();
    expect(first).toMatch(/^[0-9a-f]{24}$/);
    expect(await key()).toBe(first);
    await write("v/a b.txt", "fakedata==2.0.0\n");
    const second = await key();
    expect(second).not.toBe(first);
    await write("v/base.txt", "fakeformers==1.1.0\n");
    const third = await key();
    expect(third).not.toBe(second);
    await write("v/pkg/setup.py", "from setuptools import setup\nsetup(name='pkg', version='2')\n");
    expect(await key()).not.toBe(third);
  });

  it("leaves a project's files out of the key; its stamp counts what git tracks or would track", async () => {
    const project = join(dir, "proj");
    await write("proj/pyproject.toml", "[build-system]\nrequires = []\n[project]\nname = 'p'\n");
    await write("proj/p/__init__.py", "X = 1\n");
    await write("proj/.gitignore", "*.log\n");
    await execa("git", ["init", "-q"], { cwd: project });
    await execa("git", ["add", "."], { cwd: project });
    const req = await write("proj-req/requirements.txt", "fakedata==1.0.0\n");
    const exclude = [join(project, "reports"), join(project, ".cache")];
    const key = (withProject: boolean) =>
      computeEnvKey({ toolchain, requirementsFile: req, withProject, systemSitePackages: false });
    const stamp = () => projectFilesOf(project, exclude);
    const [layer, bare, first] = [await key(true), await key(false), await stamp()];
    // An environment with the project on top is not one without it.
    expect(layer).not.toBe(bare);
    await write("proj/reports/20261129-000000-abcd/summary.json", "{}");
    await write("proj/.cache/envs/x", "x");
    await write("proj/train.log", "step 1\n");
    expect(await stamp()).toBe(first);
    // A new source file counts even before it is committed: the install would read it.
    await write("proj/p/extra.py", "Y = 2\n");
    const second = await stamp();
    expect(second).not.toBe(first);
    await write("proj/p/__init__.py", "X = 2\n");
    await write("proj/matrix.yml", "# a comment\nname: p\n");
    expect(await stamp()).not.toBe(second);
    // None of it is the dependency layer's business.
    expect(await key(true)).toBe(layer);

    // The same project installed by a `-e .` line of a requirements file at its root.
    const editable = await write("proj/requirements.txt", "-e .\nfakedata==1.0.0\n");
    const keyOf = () =>
      computeEnvKey({
        toolchain,
        requirementsFile: editable,
        projectExclude: [join(project, "reports")],
        systemSitePackages: false,
      });
    const before = await keyOf();
    await write("proj/reports/20261130-000000-abcd/summary.json", "{}");
    expect(await keyOf()).toBe(before);
    await write("proj/p/__init__.py", "X = 3\n");
    expect(await keyOf()).not.toBe(before);
  });
});
