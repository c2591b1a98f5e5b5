/**
 * `matrix doctor`: what this machine can do for the matrix file, one line per capability, and
 * exit 3 when something the file needs is missing. The matrix file is the usual one (`-m`, else
 * ./matrix.yml, else the embedded default), since what is needed depends on its variants and jobs.
 */

import { dirname, resolve } from "node:path";
import { readInputFile } from "../adapters/fs.js";
import { summarizeDoctor } from "../core/doctor/summarize-doctor.js";
import { parseMatrix } from "../core/matrix/parse-matrix.js";
import { runDoctorChecks } from "../engine/project/doctor-checks.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Flags of `matrix doctor`. */
export interface DoctorOptions extends OutputOptions {
  matrix: string;
}

/** Runs every check; returns 0, or 3 when a needed capability is missing. */
export async function doctorCommand(opts: DoctorOptions): Promise<number> {
  const text = await readInputFile(opts.matrix, "matrix file (pass -m FILE)");
  const matrix = parseMatrix(text, opts.matrix, dirname(resolve(opts.matrix)));
  const checks = await runDoctorChecks(matrix);
  const summary = summarizeDoctor(checks);
  emitResult(opts, { matrix: opts.matrix, checks, exitCode: summary.exitCode }, summary.lines.join("\n"));
  return summary.exitCode;
}
