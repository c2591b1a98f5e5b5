import { describe, expect, it } from "vitest";
import { buildInputsChanged, changesInstall, installPathspecs, planSourceLayout } from "./source-layout.js";

const PURE = "Wheel-Version: 1.0\nGenerator: setuptools\nRoot-Is-Purelib: true\nTag: py3-none-any\n";
const record = (...paths: string[]) =>
  [...paths, "regpkg-0.1.dist-info/METADATA,sha256=x,10", "regpkg-0.1.dist-info/RECORD,,"]
    .map((p) => (p.includes(",") ? p : `${p},sha256=abc,12`))
    .join("\n");

describe("planSourceLayout", () => {
  it.each<[string, string, string, string[], string | null, string]>([
    [
      "a flat layout",
      PURE,
      record("regpkg/__init__.py", "regpkg/core.py"),
      ["pyproject.toml", "regpkg/__init__.py", "regpkg/core.py"],
      "",
      "regpkg",
    ],
    [
      "a src layout",
      PURE,
      record("regpkg/__init__.py"),
      ["setup.py", "src/regpkg/__init__.py", "tests/x.py"],
      "src/",
      "regpkg",
    ],
    [
      "an entry-point script left as installed",
      PURE,
      record("regpkg/__init__.py", "../../../bin/regpkg"),
      ["regpkg/__init__.py"],
      "",
      "regpkg",
    ],
    ["a single module", PURE, record("six.py"), ["setup.py", "six.py"], "", "six.py"],
    [
      "a quoted path with a comma",
      PURE,
      record('"regpkg/a,b.py",sha256=abc,3'),
      ["regpkg/a,b.py"],
      "",
      "regpkg",
    ],
  ])("%s stands in for its wheel", (_name, wheel, rec, files, root, top) => {
    const plan = planSourceLayout({ distInfo: "regpkg-0.1.dist-info", record: rec, wheel, files });
    expect(plan).toEqual({ ok: true, layout: { importRoot: root, topLevel: [top] } });
  });

  it.each<[string, string, string, string[], RegExp]>([
    [
      "compiled parts",
      "Root-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\n",
      record("regpkg/__init__.py"),
      ["regpkg/__init__.py"],
      /not pure Python/,
    ],
    [
      "a file the build writes",
      PURE,
      record("regpkg/__init__.py", "regpkg/_version.py"),
      ["regpkg/__init__.py"],
      /_version\.py is made by the build/,
    ],
    [
      "a .pth of its own",
      PURE,
      record("regpkg/__init__.py", "regpkg-nspkg.pth"),
      ["regpkg/__init__.py"],
      /regpkg-nspkg\.pth/,
    ],
    [
      "data files",
      PURE,
      record("regpkg/__init__.py", "regpkg-0.1.data/data/share/x"),
      ["regpkg/__init__.py"],
      /\.data/,
    ],
  ])("rules out %s", (_name, wheel, rec, files, reason) => {
    const plan = planSourceLayout({ distInfo: "regpkg-0.1.dist-info", record: rec, wheel, files });
    expect(plan.ok).toBe(false);
    expect(plan.ok ? "" : plan.reason).toMatch(reason);
  });
});

describe("buildInputsChanged", () => {
  const flat = { importRoot: "", topLevel: ["regpkg", "six.py"] };
  it.each<[string, string[], string[]]>([
    [
      "metadata files",
      ["pyproject.toml", "setup.py", "setup.cfg", "requirements.txt"],
      ["pyproject.toml", "setup.py", "setup.cfg", "requirements.txt"],
    ],
    ["an in-tree build backend", ["_backend.py"], ["_backend.py"]],
    [
      "compiled sources",
      ["regpkg/ops/kernel.cu", "regpkg/_speed.pyx"],
      ["regpkg/ops/kernel.cu", "regpkg/_speed.pyx"],
    ],
    ["documentation and settings", ["README.md", "LICENSE", ".gitignore", "Makefile", "CHANGES.rst"], []],
    ["a top-level module of the package", ["six.py"], []],
  ])("%s", (_name, changed, expected) => {
    expect(buildInputsChanged(changed, flat)).toEqual(expected);
  });
});

describe("changesInstall", () => {
  const flat = { importRoot: "", topLevel: ["regpkg", "six.py"] };
  const src = { importRoot: "src/", topLevel: ["peft"] };
  it.each<[string, typeof flat, string[], boolean]>([
    ["a file of the package", flat, ["regpkg/core.py"], true],
    ["a top-level module of the package", flat, ["six.py"], true],
    ["pyproject.toml (dependencies, version)", flat, ["pyproject.toml"], true],
    ["a compiled source elsewhere", flat, ["csrc/ops.cu"], true],
    ["the README and a dotfile", flat, ["README.md", ".pre-commit-config.yaml"], false],
    ["nothing matched (tests, docs, CI)", flat, [], false],
    ["a file of a package under src/", src, ["src/peft/tuners/lora/layer.py"], true],
    ["a new top-level package under src/", src, ["src/peft_extra/__init__.py"], true],
    ["a name that only starts like the package", flat, ["regpkg_docs.md"], false],
  ])("%s: %s", (_, layout, changed, expected) => {
    expect(changesInstall(changed, layout)).toBe(expected);
  });

  it("asks git for the package's roots and the build's inputs", () => {
    expect(installPathspecs(src).slice(0, 2)).toEqual([":(top,literal)src", ":(top,glob)*"]);
    expect(installPathspecs(flat).slice(0, 3)).toEqual([
      ":(top,literal)regpkg",
      ":(top,literal)six.py",
      ":(top,glob)*",
    ]);
  });
});
