/**
 * Checks rewritten requirements the way pip itself reads them: a venv with a current pip runs
 * test/support/pip-parse.py (pip's own requirements-file parser) on what we wrote.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRequirementsTree, writeVariantFiles } from "../../src/adapters/requirements-files.js";
import { planPyprojectVariant } from "../../src/core/pyproject/plan-pyproject-variant.js";
import type { RequirementEdit } from "../../src/core/requirements/model.js";
import { planVariantFiles } from "../../src/core/requirements/plan-variant-files.js";
import { locateRequirement } from "../../src/core/requirements/requirements-tree.js";

interface PipEntry {
  file: string;
  line: number;
  kind: "requirement" | "options";
  name?: string;
  specifier?: string;
  extras?: string[];
  marker?: string | null;
  link?: string | null;
  constraint?: boolean;
  hashes?: Record<string, string[]>;
  extra_index_urls?: string[];
}

const SCRIPT = new URL("../support/pip-parse.py", import.meta.url).pathname;
const CORPUS = new URL("../../src/core/requirements/fixtures/axolotl-requirements.txt", import.meta.url)
  .pathname;
const SHA = "0123abcdef0123abcdef0123abcdef0123abcdef";
const GIT = `git+https://github.com/huggingface/transformers.git@${SHA}`;

let work: string;
let python: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "matrix-req-pip-"));
  // The machine's pip (23.2) cannot read `name @ git+file:///` lines; a fresh venv gets a current one.
  await execa("python3", ["-m", "venv", "--upgrade-deps", join(work, "venv")]);
  python = join(work, "venv", "bin", "python");
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function pipParse(file: string, cwd: string): Promise<PipEntry[]> {
  const { stdout } = await execa(python, [SCRIPT, file], { cwd });
  return JSON.parse(stdout) as PipEntry[];
}

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), text);
  }
}

const byName = (entries: PipEntry[], name: string) => entries.filter((e) => e.name?.toLowerCase() === name);
const withoutPlace = ({ file: _f, line: _l, ...rest }: PipEntry) => rest;

describe("rewritten requirements, read by pip", () => {
  it("the Axolotl corpus (CRLF): only the edited pins change for pip", async () => {
    const project = join(work, "axolotl");
    const text = (await readFile(CORPUS, "utf8")).replace(/\n/g, "\r\n");
    await writeTree(project, {
      "requirements.txt": text,
      "requirements-tests.txt": "pytest==8.3.4\r\n",
      "constraints.txt": "numpy<2\r\n",
    });
    const tree = await loadRequirementsTree(join(project, "requirements.txt"));
    const edits: RequirementEdit[] = [
      { name: "transformers", target: { kind: "url", url: GIT } },
      { name: "Bitsandbytes", target: { kind: "version", version: "0.46.0" } },
      { name: "accelerate", target: { kind: "version", version: "1.3.0" } },
      { name: "torch", target: { kind: "version", version: "2.6.0" } },
    ];
    const out = join(work, "variants", "axolotl");
    await writeVariantFiles(out, planVariantFiles(tree, edits));

    const before = await pipParse(join(project, "requirements.txt"), project);
    const after = await pipParse(join(out, "requirements.txt"), project);
    expect(after.map(withoutPlace)).toHaveLength(before.length);

    expect(byName(after, "transformers").map(withoutPlace)).toEqual([
      expect.objectContaining({ name: "transformers", specifier: "", link: GIT, extras: [], marker: null }),
    ]);
    expect(byName(after, "bitsandbytes")[0]).toMatchObject({
      specifier: "==0.46.0",
      marker: 'sys_platform == "linux"',
    });
    expect(byName(after, "accelerate")[0]).toMatchObject({ specifier: "==1.3.0", extras: ["torch"] });
    // torch's hashes named 2.5.1's files; they go, and pip is no longer in hash-checking mode.
    expect(byName(after, "torch")[0]).toMatchObject({ specifier: "==2.6.0", hashes: {} });
    expect(byName(after, "transformers-stream-generator")[0]).toMatchObject({ specifier: "==0.0.5" });
    expect(byName(after, "numpy")[0]).toMatchObject({ specifier: "<2", constraint: true });

    const edited = new Set(["transformers", "bitsandbytes", "accelerate", "torch"]);
    const untouched = (entries: PipEntry[]) =>
      entries.filter((e) => !edited.has(e.name?.toLowerCase() ?? "")).map(withoutPlace);
    expect(untouched(after)).toEqual(untouched(before));
    expect(after[1]).toMatchObject({
      kind: "options",
      extra_index_urls: ["https://download.pytorch.org/whl/cu121"],
    });
  });

  it("a tree with -r and -c, one include outside the folder: pins rewritten where they live", async () => {
    const repo = join(work, "multi");
    await writeTree(repo, {
      "app/requirements.txt":
        "-r base/core.txt\n-c ../shared/constraints.txt\ntransformers-stream-generator\n",
      "app/base/core.txt":
        "transformers[torch]==4.47.1 ; python_version >= '3.9'  # core\n-r ../../shared/extra.txt\n",
      "shared/constraints.txt": "peft==0.14.0\n",
      "shared/extra.txt": "accelerate>=1.0\n",
    });
    const tree = await loadRequirementsTree(join(repo, "app/requirements.txt"));
    expect(locateRequirement(tree, "peft").map((l) => l.file)).toEqual([
      join(repo, "shared/constraints.txt"),
    ]);
    const edits: RequirementEdit[] = [
      { name: "transformers", target: { kind: "url", url: GIT } },
      { name: "peft", target: { kind: "version", version: "0.15.0" } },
    ];
    const files = planVariantFiles(tree, edits);
    expect(files.map((f) => f.relPath).sort()).toEqual([
      "_included/_up/shared/constraints.txt",
      "_included/_up/shared/extra.txt",
      "base/core.txt",
      "requirements.txt",
    ]);
    const out = join(work, "variants", "multi");
    await writeVariantFiles(out, files);
    const entries = await pipParse(join(out, "requirements.txt"), out);
    expect(
      entries.map((e) => [e.name, e.specifier, e.link ?? null, e.marker ?? null, e.extras, e.constraint]),
    ).toEqual([
      ["transformers", "", GIT, 'python_version >= "3.9"', ["torch"], false],
      ["accelerate", ">=1.0", null, null, [], false],
      ["peft", "==0.15.0", null, null, [], true],
      ["transformers-stream-generator", "", null, null, [], false],
    ]);
    expect(await readdir(join(out, "base"))).toEqual(["core.txt"]);
  });

  it("a pyproject.toml source gives requirements and uv overrides that pip reads", async () => {
    const project = join(work, "pyproj");
    await writeTree(project, {
      "pyproject.toml": `[project]\nname = "t"\ndependencies = [\n  "transformers==4.47.1",\n  "peft>=0.14; python_version >= '3.9'",\n]\n`,
    });
    const tree = await loadRequirementsTree(join(project, "pyproject.toml"));
    expect(tree.kind).toBe("pyproject");
    const doc = tree.docs.get(tree.root);
    if (!doc) throw new Error("no root doc");
    const variant = planPyprojectVariant(doc, [
      { name: "peft", target: { kind: "url", url: "git+https://h/peft.git@abc" } },
    ]);
    await writeVariantFiles(project, [
      { relPath: "out/requirements.txt", text: variant.requirementsText },
      { relPath: "out/overrides.txt", text: variant.overridesText },
    ]);
    const reqs = await pipParse(join(project, "out/requirements.txt"), project);
    expect(reqs.map((e) => [e.name, e.specifier, e.link ?? null, e.marker])).toEqual([
      ["transformers", "==4.47.1", null, null],
      ["peft", "", "git+https://h/peft.git@abc", 'python_version >= "3.9"'],
    ]);
    const overrides = await pipParse(join(project, "out/overrides.txt"), project);
    expect(overrides.map((e) => e.name)).toEqual(["peft"]);
    expect((await readdir(join(project, "out"))).sort()).toEqual(["overrides.txt", "requirements.txt"]);
  });
});

describe("loadRequirementsTree errors", () => {
  it.each<[string, Record<string, string>, string, RegExp]>([
    [
      "missing include",
      { "r.txt": "peft\n\n  -r  missing.txt\n" },
      "r.txt",
      /r\.txt:3:7: cannot read included file "missing\.txt" \(.*missing\.txt\); fix the -r path/,
    ],
    ["missing root", {}, "nope.txt", /nope\.txt:1:1: cannot read the requirements file/],
    [
      "bad line in an included file",
      { "r.txt": "-c sub/c.txt\n", "sub/c.txt": "ok\nbad=1\n" },
      "r.txt",
      /sub\/c\.txt:2:4: invalid version specifier "=1"/,
    ],
  ])("%s", async (label, files, root, message) => {
    const dir = join(work, "errors", label.replace(/\W+/g, "-"));
    await writeTree(dir, files);
    await expect(loadRequirementsTree(join(dir, root))).rejects.toThrow(message);
  });

  it("include cycles terminate", async () => {
    const dir = join(work, "cycle");
    await writeTree(dir, { "a.txt": "-r b.txt\npeft\n", "b.txt": "-r a.txt\n-r ./b.txt\n" });
    const tree = await loadRequirementsTree(join(dir, "a.txt"));
    expect([...tree.docs.keys()]).toEqual([join(dir, "a.txt"), join(dir, "b.txt")]);
  });
});
