/**
 * Reads a requirements source from disk (a pip requirements file with everything it includes,
 * or a pyproject.toml) into a RequirementsTree, and writes a variant's files whole.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { pyprojectToTree } from "../core/pyproject/parse-pyproject.js";
import type { RequirementsDoc } from "../core/requirements/model.js";
import { parseRequirements } from "../core/requirements/parse-requirements.js";
import type { VariantFile } from "../core/requirements/plan-variant-files.js";
import { type RequirementsTree, resolveIncludePath } from "../core/requirements/requirements-tree.js";
import { locateInRaw } from "../core/requirements/split-lines.js";
import { InputError, inputErrorAt } from "../errors.js";
import { writeRedactedText } from "./fs.js";

/**
 * Loads `rootFile` and, for a requirements file, every `-r` / `-c` file it reaches (each path
 * relative to the file that names it). `pyproject.toml` is read as PEP 621 dependencies instead.
 * A missing file is an InputError (at the include line for an include); include cycles stop at
 * the first file seen again.
 */
export async function loadRequirementsTree(rootFile: string): Promise<RequirementsTree> {
  const root = resolve(rootFile);
  const rootText = await readSource(
    root,
    () =>
      new InputError(
        `${rootFile}:1:1: cannot read the requirements file; check project.requirements in the matrix file`,
      ),
  );
  if (basename(root) === "pyproject.toml") return pyprojectToTree(rootText, rootFile);
  const docs = new Map<string, RequirementsDoc>();
  await visit(root, rootText, rootFile, docs);
  return { kind: "requirements", root, docs };
}

async function visit(
  path: string,
  text: string,
  shown: string,
  docs: Map<string, RequirementsDoc>,
): Promise<void> {
  const doc = parseRequirements(text, shown);
  docs.set(path, doc);
  for (const line of doc.lines) {
    if (line.kind !== "include") continue;
    const target = resolveIncludePath(path, line);
    if (target === undefined || docs.has(target)) continue;
    const where = { file: shown, ...locateInRaw(line, line.pathSpan.start) };
    const flag = line.mode === "requirement" ? "-r" : "-c";
    const childText = await readSource(target, () =>
      inputErrorAt(
        where,
        `cannot read included file "${line.path}" (${target}); fix the ${flag} path or create the file`,
      ),
    );
    // Errors in an included file name it as the user would: relative to the including file's name.
    await visit(target, childText, isAbsolute(line.path) ? line.path : join(dirname(shown), line.path), docs);
  }
}

async function readSource(path: string, error: () => InputError): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR" || code === "EACCES") throw error();
    throw e;
  }
}

/**
 * Writes each file under `outDir`, whole: to a temp file in the same folder, then renamed into
 * place. The run folder is uploaded, so a literal password in an index URL is masked here (paths
 * are kept); a password written as `${VAR}` stays, and pip and uv read it from the environment.
 */
export async function writeVariantFiles(outDir: string, files: VariantFile[]): Promise<void> {
  for (const file of files)
    await writeRedactedText(join(outDir, ...file.relPath.split("/")), file.text, process.env, {
      keepPaths: true,
    });
}
