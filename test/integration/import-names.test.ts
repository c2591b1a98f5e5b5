/**
 * Import name -> distribution from a real environment (issue 18.2): uv installs beautifulsoup4
 * (`bs4`), pyyaml (`yaml`), pillow (`PIL`), python-dateutil (`dateutil`, standing in for
 * scikit-learn's `sklearn`, which would pull numpy and scipy) and two distributions sharing the
 * `google` namespace package from PyPI, and the site-packages adapter reads the map back.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDistributions, readImportNames } from "../../src/adapters/site-packages.js";
import { missingDeclaredDependency } from "../../src/core/bisect/missing-dependency.js";
import { blameOf } from "../../src/core/results/blame-of.js";
import type { ImportNames } from "../../src/core/results/import-names.js";

const UV = resolve(".tools/uv/bin/uv");
let dir: string;
let env: string;
let known: ImportNames;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "import-names-"));
  env = join(dir, "env");
  await execa(UV, ["venv", "-q", "--python", "python3", env]);
  await execa(UV, [
    "pip",
    "install",
    "-q",
    "--python",
    join(env, "bin", "python"),
    "beautifulsoup4==4.12.3",
    "pyyaml==6.0.2",
    "pillow==11.0.0",
    "python-dateutil==2.9.0.post0",
    "protobuf==5.28.3",
    "googleapis-common-protos==1.65.0",
  ]);
  known = await readImportNames(env);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readImportNames", () => {
  it.each([
    ["bs4", ["beautifulsoup4"]],
    ["yaml", ["pyyaml"]],
    ["PIL", ["pillow"]],
    ["dateutil", ["python-dateutil"]],
    ["soupsieve", ["soupsieve"]],
  ])("%s comes from %j", (module, distributions) => {
    expect(known[module]).toEqual(distributions);
  });

  it("a namespace package names every distribution that shares it", () => {
    expect([...(known.google ?? [])].sort()).toEqual(["googleapis-common-protos", "protobuf"]);
  });

  it("matches Python's own importlib.metadata.packages_distributions()", async () => {
    const { stdout } = await execa(join(env, "bin", "python"), [
      "-c",
      "import importlib.metadata as m, json; print(json.dumps(m.packages_distributions()))",
    ]);
    const python = JSON.parse(stdout) as Record<string, string[]>;
    for (const module of ["bs4", "yaml", "PIL", "dateutil", "google"])
      expect([...(known[module] ?? [])].sort()).toEqual(
        [...new Set((python[module] ?? []).map((d) => d.toLowerCase().replace(/[-_.]+/g, "-")))].sort(),
      );
  });
});

describe("blame from the environment, with no table entry for bs4", () => {
  it("a frame in bs4 blames beautifulsoup4", () => {
    const site = join(env, "lib", "python3.11", "site-packages");
    const output = `Traceback (most recent call last):\n  File "${site}/bs4/__init__.py", line 1, in <module>\n    x\nValueError: x\n`;
    expect(blameOf(output, known)).toBe("beautifulsoup4");
  });

  it("ModuleNotFoundError: No module named 'bs4' names beautifulsoup4, the declared dependency the environment lacks", async () => {
    // The environment a candidate got without its new dependency: everything but beautifulsoup4.
    const lacking = (await listDistributions(env)).map((d) => d.name).filter((n) => n !== "beautifulsoup4");
    const withoutBs4: ImportNames = Object.fromEntries(Object.entries(known).filter(([k]) => k !== "bs4"));
    const output = "Traceback (most recent call last):\nModuleNotFoundError: No module named 'bs4'\n";
    expect(missingDeclaredDependency(output, ["beautifulsoup4", "pyyaml"], withoutBs4, lacking)).toBe(
      "beautifulsoup4",
    );
    // With every declared dependency installed, the module belongs to none of them.
    expect(missingDeclaredDependency(output, ["pyyaml"], withoutBs4, lacking)).toBeNull();
  });
});
