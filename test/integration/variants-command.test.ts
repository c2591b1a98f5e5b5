import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGitRepo, pythonPackageFiles } from "../support/git-repo.js";
import { startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { runCli } from "../support/run-cli.js";

let root: string;
let server: { url: string; close(): Promise<void> };
let transformersSha: string;

const requirements = `# release pins
-r base.txt
--extra-index-url https://download.example.invalid/whl/cu121

transformers[torch]==4.47.1 ; python_version >= "3.9"   # keep in step with peft
transformers-stream-generator==0.0.5
Accelerate==1.2.1
`;
const base = "peft==0.14.0  # adapters\nnumpy>=1.26,<3\n";

const matrixYaml = (index: string) => `name: local
project:
  path: ../project
  requirements: ../project/requirements.txt
index: ${index}
packages:
  transformers: { repo: ../upstreams/transformers }
  peft: { repo: ../upstreams/peft }
  accelerate: { repo: ../upstreams/accelerate-gone }
  bitsandbytes: { repo: ../upstreams/bitsandbytes }
variants: [pinned, latest-all, latest-each, upstream-each, upstream-all]
jobs:
  smoke: { run: python -c "print(1)", timeout: 1m }
`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-variants-"));
  const wheels = join(root, "wheels");
  await mkdir(wheels);
  for (const [name, version] of [
    ["transformers", "4.47.1"],
    ["transformers", "4.48.0"],
    ["transformers", "4.48.1"],
    ["transformers", "4.49.0rc1"],
    ["peft", "0.14.0"],
    ["peft", "0.15.0.post1"],
    ["accelerate", "1.2.1"],
    ["accelerate", "1.3.0"],
  ] as const) {
    await makeWheel({ name, version }, wheels);
  }
  server = await startIndexServer({ root: wheels, mode: "both", yanked: { transformers: ["4.48.1"] } });
  [, transformersSha = ""] = await makeGitRepo(join(root, "upstreams/transformers"), [
    { message: "init", files: pythonPackageFiles("transformers", "4.49.0.dev0") },
    { message: "Fix generation (#35001)", files: { "transformers/gen.py": "x = 1\n" } },
  ]);
  await makeGitRepo(join(root, "upstreams/peft"), [
    { message: "init", files: pythonPackageFiles("peft", "0.15.0.dev0") },
  ]);
  await mkdir(join(root, "project"));
  await mkdir(join(root, "matrices"));
  await writeFile(join(root, "project/requirements.txt"), requirements);
  await writeFile(join(root, "project/base.txt"), base);
  await writeFile(join(root, "matrices/m.yml"), matrixYaml(server.url));
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe("matrix variants (real git upstreams, local index)", () => {
  let out: {
    variants: Array<{ name: string; requirements: string | null; packages: Record<string, unknown> }>;
    skipped: unknown[];
  };

  it("writes every variant, then exits 3 for the upstream that cannot be reached", async () => {
    const result = await runCli(["variants", "-m", "matrices/m.yml", "--json", "--out", "out"], root);
    expect(result.stderr).toMatch(
      /matrix: 2 variant\(s\) not written \(upstream-accelerate, upstream-all\): cannot reach upstream file:\/\/.*accelerate-gone/,
    );
    expect(result.exitCode).toBe(3);
    out = JSON.parse(result.stdout);
    expect(out.variants.map((v) => v.name)).toEqual([
      "pinned",
      "latest-all",
      "latest-transformers",
      "latest-peft",
      "latest-accelerate",
      "upstream-transformers",
      "upstream-peft",
      "upstream-accelerate",
      "upstream-all",
      // upstream-all's reachable upstreams, tested together without the one out of reach.
      "upstream-all-without-accelerate",
    ]);
    expect(out.skipped).toEqual([{ package: "bitsandbytes", reason: expect.stringContaining("not in") }]);
  });

  it("keeps pinned byte for byte, includes too", async () => {
    expect(await readFile(join(root, "out/pinned/requirements.txt"), "utf8")).toBe(requirements);
    expect(await readFile(join(root, "out/pinned/base.txt"), "utf8")).toBe(base);
  });

  it("moves latest-all to the newest final, unyanked releases, in whichever file pins them", async () => {
    const main = await readFile(join(root, "out/latest-all/requirements.txt"), "utf8");
    const inc = await readFile(join(root, "out/latest-all/base.txt"), "utf8");
    expect(main).toBe(
      requirements
        .replace("transformers[torch]==4.47.1 ;", "transformers[torch]==4.48.0 ;")
        .replace("Accelerate==1.2.1", "Accelerate==1.3.0"),
    );
    expect(inc).toBe(base.replace("peft==0.14.0", "peft==0.15.0.post1"));
  });

  it("pins upstream-transformers to the exact SHA of main, keeping extras, marker and comment", async () => {
    const text = await readFile(join(root, "out/upstream-transformers/requirements.txt"), "utf8");
    const url = `git+file://${join(root, "upstreams/transformers")}@${transformersSha}`;
    expect(text).toContain(
      `transformers[torch] @ ${url} ; python_version >= "3.9"   # keep in step with peft\n`,
    );
    expect(text).toContain("transformers-stream-generator==0.0.5\n");
    const manifest = JSON.parse(await readFile(join(root, "out/manifest.json"), "utf8"));
    const variant = manifest.variants.find((v: { name: string }) => v.name === "upstream-transformers");
    expect(variant.packages.transformers).toMatchObject({
      source: "upstream",
      branch: "main",
      sha: transformersSha,
    });
    expect(
      manifest.variants.find((v: { name: string }) => v.name === "upstream-all").requirements,
    ).toBeNull();
    const standIn = manifest.variants.find(
      (v: { name: string }) => v.name === "upstream-all-without-accelerate",
    );
    expect(standIn).toMatchObject({
      moves: ["transformers", "peft"],
      left_out: {
        of: "upstream-all",
        packages: ["accelerate"],
        reason: expect.stringContaining("accelerate-gone"),
      },
      packages: {
        transformers: { source: "upstream", sha: transformersSha },
        accelerate: { source: "pinned" },
      },
    });
    const standInText = await readFile(join(root, "out", standIn.requirements), "utf8");
    expect(standInText).toContain(`@${transformersSha}`);
    expect(standInText).toContain("Accelerate==1.2.1");
  });

  it.each([
    [
      "an unknown variant",
      (t: string) => t.replace("upstream-all]", "nightly-everything]"),
      /^matrix: matrices\/bad\.yml:11:\d+: unknown variant "nightly-everything"/,
    ],
    [
      "a misspelt key",
      (t: string) => t.replace("index:", "indx:"),
      /^matrix: matrices\/bad\.yml:5:1: unknown key "indx"/,
    ],
  ])("exits 2 with one located line for %s", async (_label, edit, message) => {
    await writeFile(join(root, "matrices/bad.yml"), edit(matrixYaml(server.url)));
    const result = await runCli(["variants", "-m", "matrices/bad.yml", "--out", "bad"], root);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 naming file:line:col for a bad requirement line", async () => {
    await writeFile(join(root, "project/base.txt"), `${base}peft>=>1\n`);
    const result = await runCli(["variants", "-m", "matrices/m.yml", "--out", "bad2"], root);
    await writeFile(join(root, "project/base.txt"), base);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^matrix: .*project\/base\.txt:3:\d+: /);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    ["variants", ["--out", "ghost-out"]],
    ["run", ["--run", "reports/ghost-run"]],
    ["nightly", ["--run", "reports/ghost-night"]],
  ])(
    "exits 2 in %s for a tracked package the index does not know",
    async (command, args) => {
      await writeFile(join(root, "project/ghost.txt"), "ghostpkg==1.0\n");
      await writeFile(
        join(root, "matrices/ghost.yml"),
        `name: ghost\nproject: { requirements: ../project/ghost.txt }\nindex: ${server.url}\npackages: { ghostpkg: {} }\nvariants: [pinned, latest-all]\njobs: { smoke: { run: "python -V" } }\n`,
      );
      const result = await runCli([command, "-m", "matrices/ghost.yml", ...args], root);
      expect(result.stderr).toMatch(
        /^matrix: package "ghostpkg" not found on index http:\/\/127\.0\.0\.1:\d+\/simple; check the name/m,
      );
      expect(result.exitCode).toBe(2);
    },
    60_000,
  );

  it("accepts the package in a variant name as the requirements spell it, and warns for a selector that runs nothing", async () => {
    await writeFile(
      join(root, "matrices/spelt.yml"),
      matrixYaml(server.url)
        .replace(
          "variants: [pinned, latest-all, latest-each, upstream-each, upstream-all]",
          "variants: [pinned, latest-Transformers, upstream-each]",
        )
        .replace(/ {2}(transformers|peft|accelerate|bitsandbytes): \{ repo: [^}]+\}/g, "  $1: {}"),
    );
    const result = await runCli(["plan", "-m", "matrices/spelt.yml", "--json"], root);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).variants.map((v: { name: string }) => v.name)).toEqual([
      "pinned",
      "latest-transformers",
    ]);
    expect(result.stderr).toMatch(
      /matrix: warning: matrices\/spelt\.yml:\d+:\d+: upstream-each runs nothing: no tracked package has a repo \(add packages\.<name>\.repo\)/,
    );
  });
});
