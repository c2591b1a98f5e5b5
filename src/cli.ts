/**
 * The `matrix` command line. This file only wires commands (commander) to their implementations
 * in src/commands/ and maps errors to exit codes, in one place: 2 wrong input, 3 unreachable
 * world, 1 "no" (returned by the command as its answer), 70 a bug. A command's module is imported
 * only when its verb runs (`import()` in the action): loading every command, and with them the
 * engine, Octokit and zod schemas, cost `matrix --version` and each bisect about a second.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { resolveDefaultMatrix } from "./adapters/default-matrix.js";
import { packagePath } from "./adapters/package-root.js";
import { redactProcessStreams } from "./adapters/redacted-streams.js";
import { InputError, WorldError } from "./errors.js";

/** Options every command takes (the contract's common flags). */
export interface GlobalOptions {
  matrix: string;
  json: boolean;
  reports: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
};

function common(cmd: Command): Command {
  return cmd
    .option("-m, --matrix <file>", "matrix file (default ./matrix.yml, else the embedded default)")
    .option("--json", "machine-readable result on stdout, human text on stderr", false)
    .option("--reports <dir>", "folder that holds runs, history and the dashboard", "reports");
}

/** The version in this package's own package.json. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/**
 * Builds the command tree; exported so tests can drive it without spawning. Every command
 * returns its exit code; `report` receives it (commander ignores what actions return).
 */
export function buildProgram(report: (code: number) => void = () => {}): Command {
  const program = new Command("matrix")
    .description("Dependency-matrix release gate for Python training wrappers")
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`matrix: ${text.replace(/^error: /, "")}`) })
    .hook("preAction", (_program, action) => {
      // Resolved when the command runs, not when the tree is built: the folder may differ in tests.
      if (action.getOptionValue("matrix") === undefined && action.options.some((o) => o.long === "--matrix"))
        action.setOptionValue("matrix", resolveDefaultMatrix(process.cwd()));
    });

  common(program.command("plan").description("print the expanded matrix"))
    .option("--github", "print the include list for fromJSON and set the step output `matrix`", false)
    .option("--variant <name>", "only this variant's cells (repeatable)", collect)
    .option("--bisects", "plan the bisects of a run's regressions instead (needs --run)", false)
    .option("--explain", "say why each knob combination is pruned, healed or warned about", false)
    .option("--run <dir>", "the run folder --bisects reads, or whose knobs/ caches the wrapper's verdicts")
    .action(async (opts) => report(await (await import("./commands/plan.js")).planCommand(opts)));
  common(program.command("versions").description("list the releases of a package on the index"))
    .argument("<package>", "distribution name")
    .option("--index-url <url>", "PEP 503/691 index (default PyPI)")
    .action(async (pkg: string, opts: GlobalOptions & { indexUrl?: string }) =>
      report(await (await import("./commands/versions.js")).versionsCommand(pkg, opts)),
    );
  common(program.command("variants").description("write every variant's requirements and manifest.json"))
    .option("--out <dir>", "where to write (default <run>/variants)")
    .option("--run <dir>", "run folder (default a new reports/<run-id>)")
    .action(async (opts) => report(await (await import("./commands/variants.js")).variantsCommand(opts)));
  common(program.command("run").description("build environments and run smoke jobs"))
    .option("--variant <name>", "only this variant (repeatable)", collect)
    .option("--job <name>", "only this job (repeatable)", collect)
    .option("--knobs <id>", "only this knob combination of jobs with knobs (repeatable)", collect)
    .option("--workers <k>", "cells run in parallel", positiveInt, 1)
    .option("--run <dir>", "run folder (default a new reports/<run-id>)")
    .action(async (opts) => report(await (await import("./commands/run.js")).runCommand(opts)));
  common(program.command("bisect").description("find the first bad release or commit of a package"))
    .requiredOption("--package <name>", "the package to bisect")
    .option("--good <ref>", "a version on the index, or a git sha or branch")
    .option("--bad <ref>", "a version on the index, or a git sha or branch")
    .option("--job <name>", "the job that fails")
    .option("--variant <name>", "what the other packages are", "pinned")
    .option("--workers <k>", "candidates tested per round", positiveInt, 1)
    .option("--no-suspects", "plain halving: try no commit first for what the failure names")
    .option("--run <dir>", "run folder (default a new reports/<run-id>)")
    .action(async (opts) => report(await (await import("./commands/bisect.js")).bisectCommand(opts)));
  common(program.command("file-issues").description("draft (or with --confirm file) one issue per breakage"))
    .option("--run <dir>", "run folder (default the newest)")
    .option("--confirm", "file or update GitHub issues instead of drafting", false)
    .action(async (opts) =>
      report(await (await import("./commands/file-issues.js")).fileIssuesCommand(opts)),
    );
  common(
    program
      .command("conclude")
      .description(
        "summary, drafts, digest, history and gate of a run's merged folder; exit code is the gate's",
      ),
  )
    .option("--run <dir>", "run folder (default the newest)")
    .option("--file-issues", "file issues for confirmed regressions (with --confirm)", false)
    .option("--confirm", "really file (otherwise drafts only)", false)
    .action(async (opts) => report(await (await import("./commands/conclude.js")).concludeCommand(opts)));
  common(program.command("gate").description("exit 0 when the release may ship, 1 when blocked"))
    .option("--run <dir>", "run folder (default the newest)")
    .action(async (opts) => report(await (await import("./commands/gate.js")).gateCommand(opts)));
  common(program.command("report").description("append the run to history and render the dashboard"))
    .option("--run <dir>", "run folder (default the newest)")
    .option("--out <dir>", "dashboard folder (default <reports>/site)")
    .option("--merge <dir>", "merge another history folder in first (repeatable)", collect)
    .action(async (opts) => report(await (await import("./commands/report.js")).reportCommand(opts)));
  const knobs = program
    .command("knobs")
    .description("knob combinations: the wrapper's rules against upstream");
  common(knobs.command("probe").description("run refused and healed combinations with validation bypassed"))
    .option(
      "--variant <name>",
      "probe under this variant (repeatable; default the job's knobs.variants, else all)",
      collect,
    )
    .option("--job <name>", "only this job's knobs (repeatable)", collect)
    .option("--workers <k>", "cells run in parallel", positiveInt, 1)
    .option("--run <dir>", "run folder (default a new reports/<run-id>)")
    .action(async (opts) =>
      report(await (await import("./commands/knobs-probe.js")).knobsProbeCommand(opts)),
    );
  common(program.command("nightly").description("the whole flow; exit code is the gate's"))
    .option("--run <dir>", "run folder (default a new reports/<run-id>)")
    .option("--workers <k>", "cells run in parallel", positiveInt, 1)
    .option("--file-issues", "file issues for confirmed regressions (with --confirm)", false)
    .option("--confirm", "really file (otherwise drafts only)", false)
    .action(async (opts) => report(await (await import("./commands/nightly.js")).nightlyCommand(opts)));
  common(program.command("pr").description("an upstream pull request's head against its base, every cell"))
    .requiredOption("--package <name>", "the tracked package the pull request is for")
    .option("--pr <n>", "the pull request number (its head is refs/pull/N/head)", positiveInt)
    .option("--ref <ref>", "test this SHA or branch as the head instead")
    .option("--comment", "write the pull request comment (pr-comment.md)", false)
    .option("--confirm", "post it, or update the one posted before (with --comment)", false)
    .option("--job <name>", "only this job (repeatable)", collect)
    .option("--knobs <id>", "only this knob combination of jobs with knobs (repeatable)", collect)
    .option("--collect", "judge the results side jobs wrote into --run DIR; run nothing", false)
    .option("--workers <k>", "cells run in parallel", positiveInt, 1)
    .option("--run <dir>", "run folder (default a new reports/<run-id>)")
    .action(async (opts) => report(await (await import("./commands/pr.js")).prCommand(opts)));
  common(
    program
      .command("doctor")
      .description("what this machine can do for the matrix; exit 3 when a need is missing"),
  ).action(async (opts) => report(await (await import("./commands/doctor.js")).doctorCommand(opts)));
  program
    .command("init")
    .description("write matrix.yml (and with --workflow the nightly workflow) for this repository")
    .option("--track <name>", "also track this package (repeatable)", collect)
    .option("--workflow", "also write .github/workflows/matrix-nightly.yml", false)
    .option("--force", "replace files that exist", false)
    .option(
      "--lock",
      "compile the requirements into requirements.lock.txt (uv pip compile) and pin from it",
      false,
    )
    .option("--extras <a,b>", "with --lock: pyproject extras to compile in (their packages become trackable)")
    .option(
      "--index-url <url>",
      "the index the project installs from (default: the pins file's --index-url, else PyPI)",
    )
    .option("--json", "machine-readable result on stdout, human text on stderr", false)
    .action(async (opts) => report(await (await import("./commands/init.js")).initCommand(opts)));
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[]): Promise<number> {
  // Before anything prints: whatever any layer writes to stdout or stderr leaves redacted.
  redactProcessStreams();
  let code = 0;
  try {
    await buildProgram((c) => {
      code = c;
    }).parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    return ["commander.helpDisplayed", "commander.help", "commander.version"].includes(error.code) ? 0 : 2;
  }
  if (error instanceof InputError || error instanceof WorldError) {
    process.stderr.write(`matrix: ${error.message}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`matrix: internal error (please report): ${detail}\n`);
  return 70;
}
