/**
 * doctor's GPU line: the GPUs nvidia-smi lists, and torch as the night's jobs would see it. The
 * base interpreter rarely has torch; the environment this project's `pinned` variant installs
 * does. That environment is found by its key (the same `environmentSpecOf` road the night takes),
 * never as "the newest environment in the cache", which may be another project's with another torch.
 */
import { resolve } from "node:path";
import { listGpuNames, readCommandLine } from "../../adapters/machine.js";
import { findCachedEnvironment } from "../../adapters/python-env.js";
import type { Toolchain } from "../../adapters/python-toolchain.js";
import type { DoctorCheck } from "../../core/doctor/summarize-doctor.js";
import type { Matrix } from "../../core/matrix/model.js";
import { environmentSpecOf } from "./environment-spec.js";
import { installPathOf } from "./load-project.js";

const TORCH_PROBE =
  "import torch; print(f'torch {torch.__version__}, CUDA {torch.version.cuda}, available {torch.cuda.is_available()}, {torch.cuda.device_count()} device(s)')";

/** Where doctor looks: the matrix, the probed toolchain (null when none runs), the cache. */
export interface GpuCheckInputs {
  matrix: Matrix;
  toolchain: Toolchain | null;
  cacheDir: string;
  gpuJobs: string[];
}

/**
 * The python of this project's pinned environment when the cache holds it. Pinned installs the
 * requirements as written, so its key is the key of the project's own requirements file.
 */
async function pinnedEnvironmentPython(inputs: GpuCheckInputs): Promise<string | null> {
  if (!inputs.toolchain) return null;
  const project = { matrix: inputs.matrix, installPath: await installPathOf(inputs.matrix) };
  const facts = { toolchain: inputs.toolchain, cacheDir: inputs.cacheDir, reportsDir: resolve("reports") };
  const spec = environmentSpecOf(project, facts, { requirementsFile: inputs.matrix.project.requirements });
  return (await findCachedEnvironment(spec).catch(() => null))?.python ?? null;
}

/** The GPU line: ok with a GPU, missing without one (needed when a job runs on GPU runners). */
export async function checkGpu(inputs: GpuCheckInputs): Promise<DoctorCheck> {
  const python = inputs.matrix.python;
  const gpus = await listGpuNames();
  let torch = await readCommandLine([python, "-c", TORCH_PROBE]);
  const pinned = torch ? null : await pinnedEnvironmentPython(inputs);
  if (pinned) {
    const seen = await readCommandLine([pinned, "-c", TORCH_PROBE]);
    if (seen) torch = `${seen} (in this project's pinned environment ${pinned})`;
  }
  const torchText =
    torch ??
    (pinned
      ? `torch is importable neither by ${python} nor in this project's pinned environment ${pinned}`
      : `torch is not importable by ${python}, and this project's pinned environment is not built yet (matrix run --variant pinned builds it)`);
  const needed = inputs.gpuJobs.length > 0;
  const why = needed ? `jobs ${inputs.gpuJobs.join(", ")} run on GPU runners` : "no job asks for a GPU";
  if (gpus.length)
    return {
      name: "gpu",
      status: "ok",
      detail: `${gpus.length} NVIDIA GPU(s): ${gpus[0]}; ${torchText}`,
      needed,
    };
  return {
    name: "gpu",
    status: "missing",
    detail: `no NVIDIA GPU (nvidia-smi); ${torchText}; ${why}`,
    needed,
  };
}
