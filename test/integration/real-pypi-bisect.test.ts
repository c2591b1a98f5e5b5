/**
 * `matrix bisect` on real PyPI releases, with a real API removal as the ground truth:
 * `huggingface_hub.cached_download` (deprecated since 0.20) is exported by every release up to
 * 0.25.2 and gone from 0.26.0 on. The range 0.24.0 .. 0.27.0 holds 17 final releases once the
 * pre-releases (0.25.0rc*, 0.26.0rc0, 0.27.0rc*) and the yanked 0.26.4 are left out.
 *
 * The answer is not taken on trust: the wheels of the releases the bisect names are downloaded
 * with pip and read, and the API must be defined in the last good one and absent from the first
 * bad one. The hard-coded expectation must agree with both.
 *
 * Needs PyPI (pure-Python wheels only, no torch: a few MB). Nothing is skipped when PyPI cannot
 * be reached: the test fails and says so.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makePyProject } from "../support/py-project.js";
import { runCli } from "../support/run-cli.js";

const PACKAGE = "huggingface-hub";
/** The import name, and the folder in the wheel. */
const MODULE = "huggingface_hub";
/** The public function that was removed. */
const API = "cached_download";
const GOOD = "0.24.0";
const BAD = "0.27.0";
/** What the wheels say (checked below): 0.25.2 still has it, 0.26.0 removed it. */
const EXPECTED_FIRST_BAD = "0.26.0";
const EXPECTED_LAST_GOOD = "0.25.2";
/** 0.24.0-0.24.7, 0.25.0-0.25.2, 0.26.0-0.26.3, 0.26.5 (0.26.4 is yanked), 0.27.0. */
const EXPECTED_CANDIDATES = 17;
const YANKED = "0.26.4";

const SMOKE = `"""Fails, as a wrapper would at import time, when huggingface_hub lost ${API}."""
import ${MODULE}

print("${MODULE}==" + ${MODULE}.__version__, flush=True)

from ${MODULE} import ${API}  # noqa: E402,F401  (ImportError on the releases without it)

print("${API} is there")
`;

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-real-pypi-"));
  const project = await makePyProject({ name: "hubsmoke", version: "0.1.0" }, join(root, "project"));
  await writeFile(join(project, "smoke.py"), SMOKE);
  await writeFile(join(root, "requirements.txt"), `${PACKAGE}==${GOOD}\n`);
  const matrix = {
    name: "real-pypi-bisect",
    // Installed --no-deps into every environment; it only carries the smoke script.
    project: { path: "project", requirements: "requirements.txt" },
    installer: "uv",
    // No index: PyPI. No repo: a releases bisect.
    packages: { [PACKAGE]: {} },
    variants: ["pinned"],
    jobs: {
      // cwd given, so the job does not depend on where project.path points (or whether it is set).
      import: { run: "python smoke.py", cwd: "project", timeout: "2m" },
    },
  };
  await writeFile(join(root, "matrix.yml"), stringify(matrix));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Whether a release's wheel, downloaded from PyPI with pip, exports and defines the API. */
async function apiInWheel(version: string): Promise<{ wheel: string; exported: boolean; defined: boolean }> {
  const dir = join(root, "wheels", version);
  await mkdir(dir, { recursive: true });
  const pip = await execa(
    "python3",
    [
      "-m",
      "pip",
      "download",
      "--no-deps",
      "--only-binary=:all:",
      "--disable-pip-version-check",
      "-d",
      dir,
      `${MODULE}==${version}`,
    ],
    { reject: false, timeout: 180_000 },
  );
  if (pip.exitCode !== 0)
    throw new Error(
      `pip download ${MODULE}==${version} failed (this test needs PyPI):\n${pip.stdout}\n${pip.stderr}`,
    );
  const read = await execa(
    "python3",
    [
      "-c",
      `import glob, json, re, sys, zipfile
module, api, folder = sys.argv[1:4]
(wheel,) = glob.glob(folder + "/*.whl")
with zipfile.ZipFile(wheel) as z:
    init = z.read(module + "/__init__.py").decode()
    sources = [z.read(n).decode() for n in z.namelist() if n.startswith(module + "/") and n.endswith(".py")]
print(json.dumps({
    "wheel": wheel.rsplit("/", 1)[-1],
    "exported": re.search(r"[\\"']" + api + r"[\\"']|import[^\\n]*\\b" + api + r"\\b", init) is not None,
    "defined": any(re.search(r"^def " + api + r"\\(", s, re.M) for s in sources),
}))`,
      MODULE,
      API,
      dir,
    ],
    { timeout: 60_000 },
  );
  return JSON.parse(String(read.stdout));
}

describe("matrix bisect on real PyPI releases", () => {
  it(`names ${EXPECTED_FIRST_BAD} as the first ${PACKAGE} release without ${API}, as its wheel says`, async () => {
    const run = join(root, "run");
    const started = performance.now();
    const cli = await runCli(
      [
        "bisect",
        "-m",
        "matrix.yml",
        "--package",
        PACKAGE,
        "--good",
        GOOD,
        "--bad",
        BAD,
        "--job",
        "import",
        "--run",
        run,
        "--json",
      ],
      root,
      { MATRIX_CACHE: join(root, "cache") },
    );
    const seconds = (performance.now() - started) / 1000;
    expect(cli.exitCode, `matrix bisect (needs PyPI) failed:\n${cli.stderr}`).toBe(0);
    const record = JSON.parse(cli.stdout);
    console.info(
      `real PyPI bisect: ${record.steps} steps in ${seconds.toFixed(1)} s\n${record.log
        .map(
          (l: { ref: string; verdict: string; seconds: number }) => `  ${l.ref} ${l.verdict} ${l.seconds} s`,
        )
        .join("\n")}`,
    );
    expect(record, cli.stderr).toMatchObject({
      status: "found",
      reason: null,
      package: PACKAGE,
      job: "import",
      variant: "pinned",
      kind: "releases",
      good: GOOD,
      bad: BAD,
      first_bad: {
        ref: expect.any(String),
        title: `${PACKAGE} ${record.first_bad?.ref}`,
        pr: null,
        url: null,
      },
      last_good: { ref: expect.any(String) },
      skipped: [],
      ambiguous: [],
    });
    const firstBad: string = record.first_bad.ref;
    const lastGood: string = record.last_good.ref;

    // The ground truth, from the wheels of the two releases the bisect named.
    const [good, bad] = await Promise.all([apiInWheel(lastGood), apiInWheel(firstBad)]);
    expect(good, `${API} must be in ${good.wheel}`).toMatchObject({ exported: true, defined: true });
    expect(bad, `${API} must be gone from ${bad.wheel}`).toMatchObject({ exported: false, defined: false });
    // ... and the expectation written down here agrees with it.
    expect(firstBad).toBe(EXPECTED_FIRST_BAD);
    expect(lastGood).toBe(EXPECTED_LAST_GOOD);

    // Neighbours: 17 final releases, no pre-release and no yanked one among them or in the log.
    expect(record.candidates).toBe(EXPECTED_CANDIDATES);
    expect(record.steps).toBeLessThanOrEqual(Math.ceil(Math.log2(record.candidates)) + 2);
    expect(record.log).toHaveLength(record.steps);
    const order = (v: string) => v.split(".").map(Number) as [number, number, number];
    const before = (a: string, b: string) => {
      const [x, y] = [order(a), order(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    };
    const logDir = join(run, "bisect", `${PACKAGE}--import`, "logs");
    for (const entry of record.log as { ref: string; verdict: string; signature: string | null }[]) {
      expect(entry.ref).toMatch(/^0\.2[4-7]\.\d+$/);
      expect(entry.ref).not.toBe(YANKED);
      // Every verdict agrees with the ground truth: good before the first bad, bad from it on.
      if (before(entry.ref, firstBad) < 0) expect(entry, entry.ref).toMatchObject({ verdict: "good" });
      else
        expect(entry, entry.ref).toMatchObject({
          verdict: "bad",
          signature: expect.stringContaining(`ImportError: cannot import name '${API}' from '${MODULE}'`),
        });
      // The smoke job really ran against that release (the step swapped the package in).
      const log = join(logDir, `${entry.ref}--import.log`);
      expect(existsSync(log), log).toBe(true);
      expect(await readFile(log, "utf8")).toContain(`${MODULE}==${entry.ref}\n`);
    }
    expect(record.log.map((l: { ref: string }) => l.ref)).toEqual(
      expect.arrayContaining([firstBad, lastGood]),
    );
  }, 600_000);
});
