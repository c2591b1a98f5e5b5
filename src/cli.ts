/**
 * The `matrix` binary. This file only wires commands to their implementations and maps errors
 * to exit codes in one place: 2 for wrong input, 3 for an unreachable world, 1 for "no".
 */
import { Command, CommanderError, Option } from "commander";
import { InputError, NotBuiltError, WorldError } from "./errors.js";

/** Options every command takes (the contract's common flags). */
export interface GlobalOptions {
  matrix: string;
  json: boolean;
  reports: string;
}

function addCommon(cmd: Command): Command {
  return cmd
    .option("-m, --matrix <file>", "matrix file", "matrices/default.yml")
    .option("--json", "machine-readable result on stdout, human text on stderr", false)
    .option("--reports <dir>", "folder that holds runs, history and the dashboard", "reports");
}

function notBuilt(name: string): () => never {
  return () => {
    throw new NotBuiltError(name);
  };
}

/** Builds the command tree; exported so tests can drive it without spawning. */
export function buildProgram(): Command {
  const program = new Command("matrix")
    .description("Dependency-matrix release gate for Python training wrappers")
    .showHelpAfterError(false)
    .exitOverride();
  const commands: Array<[string, string]> = [
    ["plan", "print the expanded matrix (--github: the include list for fromJSON)"],
    ["versions", "list the releases of a package on the index"],
    ["variants", "write the requirements of every variant and manifest.json"],
    ["run", "build environments and run smoke jobs"],
    ["bisect", "find the first bad release or commit of a package"],
    ["file-issues", "draft (or with --confirm file) one issue per breakage"],
    ["gate", "exit 0 when the release may ship, 1 when blocked"],
    ["report", "append the run to history and render the dashboard"],
    ["nightly", "the whole flow; exit code is the gate's"],
  ];
  for (const [name, summary] of commands) {
    addCommon(program.command(name).description(summary)).action(notBuilt(name));
  }
  program.addOption(new Option("--no-color", "plain output (NO_COLOR is honoured too)"));
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
    if (error.code === "commander.help") return 0;
    return 2;
  }
  if (error instanceof InputError || error instanceof WorldError) {
    process.stderr.write(`matrix: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(
    `matrix: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 70;
}
