import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A local Python project for install tests. */
export interface PyProjectSpec {
  name: string;
  version: string;
  /** `Requires-Dist` lines; an install with `--no-deps` must leave them out. */
  requires?: string[];
  /** Console scripts (`name` -> `module:function`), written to the wheel's entry_points.txt. */
  scripts?: Record<string, string>;
}

/**
 * Writes a source project whose PEP 517 backend lives in the tree and uses only the standard
 * library (`build-system.requires = []`), so pip and uv can build it against a local index that
 * has no setuptools or hatchling. Returns the project folder.
 */
export async function makePyProject(spec: PyProjectSpec, dir: string): Promise<string> {
  const module = spec.name.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  await mkdir(join(dir, module), { recursive: true });
  await writeFile(
    join(dir, "pyproject.toml"),
    `[build-system]\nrequires = []\nbuild-backend = "_backend"\nbackend-path = ["."]\n\n[project]\nname = "${spec.name}"\nversion = "${spec.version}"\n`,
  );
  await writeFile(join(dir, module, "__init__.py"), `__version__ = ${JSON.stringify(spec.version)}\n`);
  const metadata = [
    "Metadata-Version: 2.1",
    `Name: ${spec.name}`,
    `Version: ${spec.version}`,
    ...(spec.requires ?? []).map((r) => `Requires-Dist: ${r}`),
  ].join("\n");
  const scripts = Object.entries(spec.scripts ?? {});
  const entryPoints = scripts.length
    ? `[console_scripts]\n${scripts.map(([name, target]) => `${name} = ${target}\n`).join("")}`
    : "";
  await writeFile(join(dir, "_backend.py"), BACKEND(module, spec.version, metadata, entryPoints));
  return dir;
}

const BACKEND = (
  module: string,
  version: string,
  metadata: string,
  entryPoints: string,
) => `import base64, hashlib, os, zipfile

MODULE = ${JSON.stringify(module)}
VERSION = ${JSON.stringify(version)}
METADATA = ${JSON.stringify(`${metadata}\n`)}
ENTRY_POINTS = ${JSON.stringify(entryPoints)}
DIST_INFO = f"{MODULE}-{VERSION}.dist-info"


def get_requires_for_build_wheel(config_settings=None):
    return []


def _digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    here = os.path.dirname(os.path.abspath(__file__))
    files = {}
    for root, _dirs, names in os.walk(os.path.join(here, MODULE)):
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    files[os.path.relpath(path, here).replace(os.sep, "/")] = f.read()
    files[f"{DIST_INFO}/METADATA"] = METADATA.encode()
    if ENTRY_POINTS:
        files[f"{DIST_INFO}/entry_points.txt"] = ENTRY_POINTS.encode()
    files[f"{DIST_INFO}/WHEEL"] = b"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    record = "".join(f"{p},{_digest(d)},{len(d)}\\n" for p, d in files.items()) + f"{DIST_INFO}/RECORD,,\\n"
    files[f"{DIST_INFO}/RECORD"] = record.encode()
    filename = f"{MODULE}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as z:
        for path, data in files.items():
            z.writestr(path, data)
    return filename
`;
