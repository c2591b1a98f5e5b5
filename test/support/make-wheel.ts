import { fileURLToPath } from "node:url";
import { execa } from "execa";

/** What goes into a test wheel; only name and version are required. */
export interface WheelSpec {
  /** Project name as written in METADATA (any spelling; the filename uses the escaped form). */
  name: string;
  version: string;
  /** Paths inside the wheel mapped to their text; defaults to one module with `__version__`. */
  files?: Record<string, string>;
  /** `Requires-Dist` lines, e.g. `["numpy>=1.20"]`. */
  requires?: string[];
  /** `Requires-Python`, e.g. `">=3.8"`. */
  requiresPython?: string;
  /** `Project-URL: label, url` lines, e.g. `{ Source: "https://github.com/o/r" }`. */
  projectUrls?: Record<string, string>;
}

const SCRIPT = fileURLToPath(new URL("./make-wheel.py", import.meta.url));

/** The import name a project gets by default: lower case, anything but letters and digits as `_`. */
function deriveModuleName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "_");
}

/**
 * Builds a real, installable pure-Python `py3-none-any` wheel (METADATA, WHEEL, RECORD with sha256)
 * in `outDir` and returns its path. Python writes the zip so RECORD hashes match byte for byte.
 */
export async function makeWheel(spec: WheelSpec, outDir: string): Promise<string> {
  const files = spec.files ?? {
    [`${deriveModuleName(spec.name)}/__init__.py`]: `__version__ = ${JSON.stringify(spec.version)}\n`,
  };
  const input = JSON.stringify({ ...spec, files, outDir });
  const { stdout } = await execa("python3", [SCRIPT], { input });
  return stdout.trim();
}
