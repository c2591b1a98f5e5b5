/**
 * A project edit against the dependency layer, in one run: the embedded wrapper (copied, so it
 * can be edited) with a torch-free set from PyPI. The layer is built once from an empty cache;
 * then a comment is added to the copy's matrix.yml and a line to one of its modules, and the
 * environment is asked for again each time: the layer must be reused and only the project
 * reinstalled (`--no-deps`). The edit is timed against the layer's cold build and against what
 * it cost while the project's files were in the key: a new environment on a warm cache.
 */
import { appendFile, cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ensureEnvironment } from "../src/adapters/python-env.js";
import type { Toolchain } from "../src/adapters/python-toolchain.js";
import type { Figure } from "./bisect.js";

/** Measures a project edit against a cold build of its dependency layer. */
export async function benchProjectEdit(
  scratch: string,
  wrapper: string,
  toolchain: Toolchain,
): Promise<Figure[]> {
  const project = join(scratch, "edited-wrapper");
  await cp(wrapper, project, { recursive: true });
  await writeFile(join(project, "matrix.yml"), "name: bench\n");
  const requirementsFile = join(scratch, "edit-requirements.txt");
  await writeFile(requirementsFile, "transformers==5.23.0\npyyaml==6.0.3\n");
  const ask = async (keyExtra?: string) => {
    const started = performance.now();
    const env = await ensureEnvironment({
      toolchain,
      cacheDir: join(scratch, "cache-edit"),
      requirementsFile,
      projectPath: project,
      ...(keyExtra ? { keyExtra } : {}),
    });
    if (env.status !== "ok") throw new Error(`environment failed: ${env.excerpt}`);
    return { seconds: (performance.now() - started) / 1000, env };
  };
  const layer = await ask();
  await appendFile(join(project, "matrix.yml"), "# a comment\n");
  const comment = await ask();
  await appendFile(join(project, "tinytune", "__init__.py"), "\nEDITED = True\n");
  const edit = await ask();
  // What an edit cost when the project's files were in the key: a new environment, on a warm cache.
  const rebuild = await ask("bench: the project's files in the key");
  const reused = [comment, edit].every((x) => x.env.reused && x.env.key === layer.env.key);
  return [
    { name: "dependency layer + project, empty cache", value: layer.seconds, unit: "s" },
    { name: "comment in matrix.yml: project reinstalled", value: comment.seconds, unit: "s" },
    { name: "module edited: project reinstalled", value: edit.seconds, unit: "s" },
    { name: "the same edit as a new environment (warm cache)", value: rebuild.seconds, unit: "s" },
    {
      name: "project edit / layer build from empty cache",
      value: edit.seconds / layer.seconds,
      unit: "ratio",
    },
    {
      name: "project edit / new environment on warm cache",
      value: edit.seconds / rebuild.seconds,
      unit: "ratio",
      target: "< 1 and the layer reused",
      ok: reused && edit.seconds < rebuild.seconds,
    },
  ];
}
