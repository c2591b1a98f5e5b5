/**
 * doctor's GPU line reads torch in THIS project's pinned environment, found by its key, not the
 * newest environment of the cache: two projects pin different (fake, CPU-only) torch releases and
 * build their pinned environments in one cache, the other project's last; each project's doctor
 * names its own torch. A project whose pinned environment is not built says so.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IndexServer, startIndexServer } from "../support/index-server.js";
import { makeWheel } from "../support/make-wheel.js";
import { runCli } from "../support/run-cli.js";

const fakeTorch = (version: string) => ({
  "torch/__init__.py": `__version__ = "${version}"\nfrom . import cuda, version\n`,
  "torch/version.py": "cuda = None\n",
  "torch/cuda/__init__.py": "def is_available():\n    return False\n\ndef device_count():\n    return 0\n",
});

let dir: string;
let index: IndexServer;
let env: Record<string, string>;

async function project(name: string, torch: string): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder);
  await writeFile(join(folder, "requirements.txt"), `torch==${torch}\n`);
  await writeFile(
    join(folder, "matrix.yml"),
    [
      `name: ${name}`,
      "project: { requirements: requirements.txt }",
      `index: ${index.url}`,
      "packages: {}",
      "variants: [pinned]",
      'jobs: { smoke: { run: "python -c pass", timeout: 1m } }',
    ].join("\n"),
  );
  return folder;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "doctor-gpu-"));
  const wheels = join(dir, "wheels");
  await mkdir(wheels);
  for (const version of ["2.0.0", "2.1.0"])
    await makeWheel({ name: "torch", version, files: fakeTorch(version) }, wheels);
  index = await startIndexServer({ root: wheels });
  env = { MATRIX_CACHE: join(dir, "cache"), GITHUB_TOKEN: "" };
}, 60_000);

afterAll(async () => {
  await index.close();
  await rm(dir, { recursive: true, force: true });
});

describe("doctor's GPU line", () => {
  it("reads torch in this project's pinned environment, not the newest one in the cache", async () => {
    const older = await project("older", "2.0.0");
    const newer = await project("newer", "2.1.0");
    for (const folder of [older, newer]) {
      const run = await runCli(
        ["run", "--variant", "pinned", "--reports", join(folder, "reports")],
        folder,
        env,
      );
      expect(run.exitCode, run.stderr).toBe(0);
    }
    const gpuLine = async (folder: string) => {
      const doctor = await runCli(["doctor", "--json"], folder, env);
      const checks = JSON.parse(doctor.stdout).checks as Array<{ name: string; detail: string }>;
      return checks.find((c) => c.name === "gpu")?.detail ?? "";
    };
    const olderLine = await gpuLine(older);
    expect(olderLine).toContain("torch 2.0.0, CUDA None, available False, 0 device(s)");
    expect(olderLine).toContain("in this project's pinned environment");
    expect(olderLine).toContain(join(dir, "cache", "envs"));
    expect(await gpuLine(newer)).toContain("torch 2.1.0, CUDA None");

    const unbuilt = await project("unbuilt", "2.1.0");
    await writeFile(join(unbuilt, "requirements.txt"), "torch==2.1.0  # same pin, another file text\n");
    expect(await gpuLine(unbuilt)).toContain("this project's pinned environment is not built yet");
  }, 300_000);
});
