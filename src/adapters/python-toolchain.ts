/**
 * The interpreter and installer environments are built with, probed once per command and passed
 * in as facts: each probe is a process (about 0.2 s), and a bisect asks for an environment at
 * every step. Nothing is kept between calls; the caller holds the facts.
 */

import { WorldError } from "../errors.js";
import { runProcess } from "./exec.js";

/** What was found: the interpreter's real path and version, the installer and its version. */
export interface Toolchain {
  /** The base interpreter's `sys.executable`. */
  interpreter: string;
  /** Its `sys.version`. */
  interpreterVersion: string;
  installer: "uv" | "pip";
  /** The installer's own version (part of every environment's key). */
  installerVersion: string;
  /** The uv binary (also set when pip was chosen, for callers that may still try uv). */
  uvPath: string;
}

/** What to probe: the matrix file's `python:` and `installer:`, and where uv is. */
export interface ToolchainRequest {
  python: string;
  installer: "uv" | "pip" | "auto";
  uvPath: string;
  /** Folder the probes run in (never a project folder: uv must not read a project's settings). */
  cwd: string;
}

async function probe(argv: string[], cwd: string): Promise<string | null> {
  const result = await runProcess({ command: argv, cwd, inherit: "full", timeoutMs: 60_000 });
  return result.exitCode === 0 ? result.output.trim() : null;
}

/** Probes the interpreter and picks the installer; WorldError (exit 3) when either does not run. */
export async function probeToolchain(req: ToolchainRequest): Promise<Toolchain> {
  // Both probes at once: each is a process start, and a shimmed python3 (pyenv) takes half a second.
  const [out, uv] = await Promise.all([
    probe([req.python, "-c", "import sys; print(sys.executable); print(sys.version)"], req.cwd),
    req.installer === "pip" ? null : probe([req.uvPath, "--version"], req.cwd),
  ]);
  const [interpreter, ...version] = (out ?? "").split("\n");
  if (!out || !interpreter)
    throw new WorldError(`python interpreter ${req.python} does not run; install it or set \`python:\``);
  const interpreterVersion = version.join(" ");
  if (req.installer !== "pip") {
    if (uv)
      return { interpreter, interpreterVersion, installer: "uv", installerVersion: uv, uvPath: req.uvPath };
    if (req.installer === "uv")
      throw new WorldError(
        `uv (${req.uvPath}) does not run; install it (pip install uv) or use installer: pip`,
      );
  }
  const pip = await probe([interpreter, "-m", "pip", "--version"], req.cwd);
  if (!pip) throw new WorldError(`pip does not run under ${interpreter}; install pip or uv`);
  return {
    interpreter,
    interpreterVersion,
    installer: "pip",
    installerVersion: pip.split(" ")[1] ?? pip,
    uvPath: req.uvPath,
  };
}
