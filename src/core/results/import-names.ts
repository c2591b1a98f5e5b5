/**
 * Import name -> distribution, the one reading. The truth is in the environment: each installed
 * distribution's `top_level.txt`, else the top folders of its `RECORD` (what Python's
 * `importlib.metadata.packages_distributions()` gives), read once per environment by the
 * site-packages adapter. The table below is only the fallback for an environment that is gone,
 * and the one table: no other module keeps its own.
 */
import { normalizeName } from "../requirements/normalize-name.js";

/** Import name -> the distributions that provide it (a namespace package has several). */
export type ImportNames = Record<string, string[]>;

// Import names whose distribution is spelt differently, for when no environment can be read.
const FALLBACK: ImportNames = {
  PIL: ["pillow"],
  yaml: ["pyyaml"],
  _yaml: ["pyyaml"],
  sklearn: ["scikit-learn"],
  cv2: ["opencv-python"],
  attr: ["attrs"],
  dateutil: ["python-dateutil"],
  google: ["protobuf"],
};

/** The top-level import names a distribution provides, from its `top_level.txt` or its `RECORD`. */
export function importNamesOf(topLevel: string | null, record: string | null): string[] {
  if (topLevel !== null)
    return topLevel
      .split(/\r?\n/)
      .map((l) => l.trim().split("/")[0] ?? "")
      .filter(Boolean);
  const names = new Set<string>();
  for (const line of (record ?? "").split(/\r?\n/)) {
    const path = line.split(",")[0] ?? "";
    const top = path.split("/")[0] ?? "";
    if (!top || top.endsWith(".dist-info") || top.endsWith(".data") || top === ".." || top === "__pycache__")
      continue;
    const name = top.endsWith(".py") ? top.slice(0, -3) : path.includes("/") ? top : "";
    if (/^[A-Za-z_]\w*$/.test(name)) names.add(name);
  }
  return [...names];
}

/**
 * The distributions (PEP 503 names) that provide top-level import `module`: from the
 * environment's `known` map when it has the name, else the fallback table, else the name itself.
 */
export function distributionsOfImport(module: string, known: ImportNames = {}): string[] {
  const top = module.replace(/\.py$/, "").split(".")[0] ?? module;
  const found = known[top] ?? FALLBACK[top] ?? [top];
  return found.map(normalizeName);
}
