import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveLowest } from "../../src/adapters/lowest-resolution.js";
import { ensureEnvironment } from "../../src/adapters/python-env.js";
import { probeToolchain } from "../../src/adapters/python-toolchain.js";
import { loadRequirementsTree, writeVariantFiles } from "../../src/adapters/requirements-files.js";
import { listPins } from "../../src/core/requirements/relax-pins.js";
import {
  blamedByResolver,
  explainResolution,
  implicatedPackages,
  isResolutionFailure,
} from "../../src/core/results/resolution-failure.js";
import { parseResolverReport } from "../../src/core/results/resolver-report.js";
import type { VariantEdit } from "../../src/core/variants/plan-variants.js";
import { makeVariantFiles } from "../../src/core/variants/variant-files.js";
import { findCompanion } from "../../src/engine/variants/companion-variant.js";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";

const UV = resolve(".tools/uv/bin/uv");

let dir: string;
let cacheDir: string;
let server: IndexServer;
let closedUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "companion-"));
  cacheDir = join(dir, "cache");
  const root = join(dir, "index");
  await Promise.all([
    ...["1.0.0", "1.1.0", "1.2.0", "1.3.0"].map((v) => makeWheel({ name: "fakeformers", version: v }, root)),
    makeWheel({ name: "faketrl", version: "1.0.0", requires: ["fakeformers>=1.0"] }, root),
    makeWheel({ name: "faketrl", version: "2.0.0", requires: ["fakeformers>=1.2"] }, root),
    // A chain for the rounds: mtrl 2 needs mformers>=2, whose releases each need a newer maccel.
    ...["1.0", "2.0", "3.0"].map((v) => makeWheel({ name: "maccel", version: v }, root)),
    makeWheel({ name: "mformers", version: "1.0" }, root),
    makeWheel({ name: "mformers", version: "2.0", requires: ["maccel>=2"] }, root),
    makeWheel({ name: "mformers", version: "3.0", requires: ["maccel>=3"] }, root),
    makeWheel({ name: "mtrl", version: "1.0" }, root),
    makeWheel({ name: "mtrl", version: "2.0", requires: ["mformers>=2"] }, root),
    makeWheel({ name: "mtrl", version: "3.0", requires: ["mformers>=9"] }, root),
    // Issue 20.9's night: the newest release needs a newer hub (a pin) and a kernels the index lacks.
    ...["1.0", "2.0"].map((v) => makeWheel({ name: "khub", version: v }, root)),
    makeWheel({ name: "kkernels", version: "0.18.0" }, root),
    makeWheel({ name: "kformers", version: "4.0", requires: ["khub>=1"] }, root),
    makeWheel({ name: "kformers", version: "5.25.0", requires: ["khub>=2", "kkernels>=0.19.1"] }, root),
  ]);
  server = await startIndexServer({ root });
  // An index that refuses connections: a server's port, once it is closed.
  const gone = await startIndexServer({ root });
  closedUrl = gone.url;
  await gone.close();
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A project folder with these files; returns its root requirements file. */
async function project(name: string, files: Record<string, string>): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(folder, file), text);
  return join(folder, "requirements.txt");
}

/** Writes a variant folder as `matrix variants` does; returns its requirements.txt. */
async function writeVariant(requirementsFile: string, name: string, edits: VariantEdit[]): Promise<string> {
  const tree = await loadRequirementsTree(requirementsFile);
  const out = join(dir, "variants", name);
  await writeVariantFiles(out, makeVariantFiles(tree, edits));
  return join(out, "requirements.txt");
}

/** Installs with uv through ensureEnvironment, the night's way; the install-error or the env. */
async function installWithUv(requirementsFile: string, cwd: string, indexUrl = server.url) {
  return ensureEnvironment({
    toolchain: await probeToolchain({ python: "python3", installer: "uv", uvPath: UV, cwd }),
    indexUrl,
    requirementsFile,
    requirementsDir: cwd,
    cacheDir,
  });
}

/** pip 23's resolver on the same file, without installing anything. */
async function pipDryRun(requirementsFile: string, indexUrl = server.url): Promise<string> {
  const result = await execa(
    "python3",
    ["-m", "pip", "install", "--dry-run", "--ignore-installed", "--retries", "0", "--timeout", "5"].concat([
      "--index-url",
      indexUrl,
      "-r",
      requirementsFile,
    ]),
    {
      reject: false,
      all: true,
      env: { PIP_CACHE_DIR: join(dir, "pip"), PIP_DISABLE_PIP_VERSION_CHECK: "1" },
    },
  );
  expect(result.exitCode).not.toBe(0);
  return result.all ?? "";
}

const LATEST_TRL: VariantEdit[] = [{ package: "faketrl", target: { kind: "version", version: "2.0.0" } }];

describe("latest-faketrl against fakeformers==1.0.0", () => {
  let projectFile: string;
  let variantFile: string;
  beforeAll(async () => {
    projectFile = await project("trl", { "requirements.txt": "fakeformers==1.0.0\nfaketrl==1.0.0\n" });
    variantFile = await writeVariant(projectFile, "latest-faketrl", LATEST_TRL);
  });

  it("fails in uv as a resolution conflict that names fakeformers", async () => {
    const env = await installWithUv(variantFile, join(dir, "trl"));
    if (env.status !== "install-error") throw new Error("the variant installed");
    expect(env.network).toBe(false);
    for (const output of [env.excerpt, env.logText]) {
      expect(isResolutionFailure(output)).toBe(true);
      expect(explainResolution(output)).toMatch(/faketrl.* depends on fakeformers>=1\.2/s);
      expect(implicatedPackages(output, ["fakeformers", "faketrl", "accelerate"])).toEqual([
        "fakeformers",
        "faketrl",
      ]);
    }
  });

  it("fails in pip as a resolution conflict that names fakeformers", async () => {
    const output = await pipDryRun(variantFile);
    expect(output).toContain("ResolutionImpossible");
    expect(isResolutionFailure(output)).toBe(true);
    expect(explainResolution(output)).toContain("faketrl 2.0.0 depends on fakeformers>=1.2");
    expect(implicatedPackages(output, ["FakeFormers"])).toEqual(["FakeFormers"]);
  });

  it.each(["uv", "pip"])(
    "finds latest-faketrl+fakeformers at 1.2.0 from %s's report, and it installs",
    async (by) => {
      const env = await installWithUv(variantFile, join(dir, "trl"));
      const installOutput =
        by === "pip" ? await pipDryRun(variantFile) : env.status === "ok" ? "" : env.logText;
      const pins = listPins(await loadRequirementsTree(projectFile));
      expect(pins).toEqual({ fakeformers: "1.0.0", faketrl: "1.0.0" });
      const found = await findCompanion({
        variantName: "latest-faketrl",
        edits: LATEST_TRL,
        requirementsFile: variantFile,
        pins,
        installOutput,
        uvPath: UV,
        python: "python3",
        cwd: join(dir, "trl"),
        indexUrl: server.url,
        cacheDir,
      });
      expect(found).toEqual({
        ok: true,
        rounds: 1,
        companion: {
          name: "latest-faketrl+fakeformers",
          edits: [...LATEST_TRL, { package: "fakeformers", target: { kind: "version", version: "1.2.0" } }],
          moved: { fakeformers: { from: "1.0.0", to: "1.2.0" } },
        },
      });
      if (!found.ok) return;
      const companionFile = await writeVariant(projectFile, found.companion.name, found.companion.edits);
      const ready = await installWithUv(companionFile, join(dir, "trl"));
      expect(ready).toMatchObject({ status: "ok", installed: { fakeformers: "1.2.0", faketrl: "2.0.0" } });
    },
  );
});

describe("failures that are not conflicts", () => {
  let missingFile: string;
  beforeAll(async () => {
    missingFile = await project("missing", { "requirements.txt": "fakeformers==9.9.9\nfaketrl==1.0.0\n" });
  });

  it("a missing version, in uv and pip", async () => {
    const env = await installWithUv(missingFile, join(dir, "missing"));
    if (env.status !== "install-error") throw new Error("installed a version that does not exist");
    expect(env.excerpt).toContain("there is no version of fakeformers==9.9.9");
    expect(isResolutionFailure(env.logText)).toBe(false);
    expect(isResolutionFailure(env.excerpt)).toBe(false);
    const pip = await pipDryRun(missingFile);
    expect(pip).toContain("No matching distribution found for fakeformers==9.9.9");
    expect(isResolutionFailure(pip)).toBe(false);
  });

  it("an unreachable index, in uv and pip", async () => {
    const env = await installWithUv(join(dir, "trl", "requirements.txt"), join(dir, "trl"), closedUrl);
    if (env.status !== "install-error") throw new Error("installed from a closed index");
    expect(env.network).toBe(true);
    expect(isResolutionFailure(env.logText)).toBe(false);
    const pip = await pipDryRun(join(dir, "trl", "requirements.txt"), closedUrl);
    expect(isResolutionFailure(pip)).toBe(false);
  });
});

describe("pins in an included file, moved over several rounds", () => {
  let projectFile: string;
  const cwd = () => join(dir, "chain");
  beforeAll(async () => {
    projectFile = await project("chain", {
      "requirements.txt": "-r base.txt\nmtrl==1.0\n",
      "base.txt": "mformers==1.0 # model code\nmaccel==1.0\n",
    });
  });

  /** Writes the variant, installs it (to fail), and searches its companion. */
  async function search(version: string) {
    const edits: VariantEdit[] = [{ package: "mtrl", target: { kind: "version", version } }];
    const variantFile = await writeVariant(projectFile, `mtrl-${version}`, edits);
    const env = await installWithUv(variantFile, cwd());
    if (env.status !== "install-error") throw new Error("the variant installed");
    return findCompanion({
      variantName: "latest-mtrl",
      edits,
      requirementsFile: variantFile,
      pins: listPins(await loadRequirementsTree(projectFile)),
      installOutput: env.logText,
      uvPath: UV,
      python: "python3",
      cwd: cwd(),
      indexUrl: server.url,
      cacheDir,
    });
  }

  it("resolveLowest relaxes a pin that lives in an included file", async () => {
    const variantFile = await writeVariant(projectFile, "mtrl-2-lowest", [
      { package: "mtrl", target: { kind: "version", version: "2.0" } },
    ]);
    const lowest = await resolveLowest({
      uvPath: UV,
      python: "python3",
      requirementsFile: variantFile,
      cwd: cwd(),
      indexUrl: server.url,
      cacheDir,
      relax: { mformers: "1.0", maccel: "1.0" },
      timeoutMs: 120_000,
    });
    expect(lowest).toEqual({ ok: true, versions: { mformers: "2.0", maccel: "2.0" } });
    const stuck = await resolveLowest({
      uvPath: UV,
      python: "python3",
      requirementsFile: variantFile,
      cwd: cwd(),
      indexUrl: server.url,
      cacheDir,
      relax: { mformers: "1.0" },
      timeoutMs: 120_000,
    });
    if (stuck.ok) throw new Error("resolved with maccel pinned");
    expect(isResolutionFailure(stuck.output)).toBe(true);
    expect(implicatedPackages(stuck.output, ["mformers", "maccel"])).toContain("maccel");
  });

  it("moves mformers and then maccel, each to its lowest fitting release", async () => {
    const found = await search("2.0");
    // Round 1 names mformers only; relaxing it, uv then blames maccel.
    expect(found).toMatchObject({
      ok: true,
      rounds: 2,
      companion: {
        name: "latest-mtrl+mformers+maccel",
        moved: { mformers: { from: "1.0", to: "2.0" }, maccel: { from: "1.0", to: "2.0" } },
      },
    });
  });

  it("gives up, saying why, when no release of the others fits", async () => {
    const found = await search("3.0");
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.reason).toMatch(/^the resolver names no further pin: .*mformers>=9/);
  });
});

describe("the deepest reason leads (issue 20.9)", () => {
  it("freeing the pin the resolver names uncovers the release the index lacks, which names the culprit", async () => {
    const projectFile = await project("kernels", { "requirements.txt": "kformers==4.0\nkhub==1.0\n" });
    const edits: VariantEdit[] = [{ package: "kformers", target: { kind: "version", version: "5.25.0" } }];
    const variantFile = await writeVariant(projectFile, "kformers-latest", edits);
    const env = await installWithUv(variantFile, join(dir, "kernels"));
    if (env.status !== "install-error") throw new Error("the variant installed");
    const found = await findCompanion({
      variantName: "latest-kformers",
      edits,
      requirementsFile: variantFile,
      pins: listPins(await loadRequirementsTree(projectFile)),
      installOutput: env.logText,
      uvPath: UV,
      python: "python3",
      cwd: join(dir, "kernels"),
      indexUrl: server.url,
      cacheDir,
    });
    if (found.ok) throw new Error("a companion was found");
    // Whichever refusal uv printed first, what stops the variant is kkernels, and it blames kformers.
    const lead = found.blocker ?? explainResolution(env.logText);
    expect(parseResolverReport(lead)?.reason).toMatch(/kkernels/);
    expect(blamedByResolver(lead, ["kformers"])).toEqual(["kformers"]);
  });
});
