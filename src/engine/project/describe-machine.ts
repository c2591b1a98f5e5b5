/**
 * Where a cell ran, for reproductions: Python, installer, OS, the GPUs nvidia-smi lists. Each
 * result record carries it (a night split over runners has one machine per cell), and the
 * night's summary names the machine of its cells.
 */
import { arch, platform, release } from "node:os";
import type { MachineFacts } from "./environment-spec.js";

/** The machine as a result record and the summary record it (`machine`). */
export interface MachineDescription {
  python: string;
  installer: string;
  os: string;
  gpus: string[];
}

/** Describes the machine `facts` were probed on. */
export function describeMachine(facts: MachineFacts): MachineDescription {
  return {
    python: facts.toolchain.interpreterVersion.split(" ")[0] ?? facts.toolchain.interpreterVersion,
    installer: `${facts.toolchain.installer} ${facts.toolchain.installerVersion.replace(/^(uv|pip)\s+/, "")}`,
    os: `${platform()} ${release()} ${arch()}`,
    // A GPU UUID identifies one physical card: of no use to upstream, so it stays here.
    gpus: facts.gpuNames.map((g) => g.replace(/\s*\(UUID:[^)]*\)/, "")),
  };
}
