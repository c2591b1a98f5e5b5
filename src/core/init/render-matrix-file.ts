/**
 * The `matrix.yml` that `matrix init` writes: every key explained in a comment, an import smoke
 * job that works at once (it imports every module of the project and runs its console scripts'
 * --help through the harness's `$MATRIX_IMPORT_SMOKE`, judged against what fails under pinned
 * too), one variant per tracked release beside the combined ones, and a commented example of a
 * real fine-tune job to grow into. The text is built by hand, not by a YAML library, because the
 * comments are the point; values that could need quoting go through JSON.stringify.
 */
import { IMPORT_SMOKE_VAR } from "../smoke/import-smoke-script.js";

/** One tracked package as init found it. */
export interface InitPackage {
  name: string;
  /** The clone URL from the index metadata, or null when none was found. */
  repo: string | null;
  /** Why `repo` is null, for the comment next to the package. */
  note?: string;
}

/** What init learnt about the repository. */
export interface InitPlan {
  /** The matrix name: the repository folder's name. */
  name: string;
  /** The requirements file (or pyproject.toml), relative to the repository root. */
  requirements: string;
  /** True when the repository is itself a Python project, installed into every environment. */
  pythonProject: boolean;
  /** The project's distribution name (pyproject or setup.cfg), whose modules the smoke walks; null when unknown. */
  projectName?: string | null;
  packages: InitPackage[];
  /**
   * The tracked packages the requirements install, which the import smoke imports by distribution
   * name (a `--track` name the requirements lack is skipped by the night, so importing it would
   * fail). Default: every tracked package.
   */
  imports?: string[];
  /** A non-PyPI index the requirements use, else null. */
  index: string | null;
  /** The example `expected:` entry's `until` (a date some months ahead of today), YYYY-MM-DD. */
  until?: string;
}

// Plain when safe, single-quoted (no escapes to read) when it holds no ', else JSON-quoted.
const q = (value: string) =>
  /^[\w./@+-]+$/.test(value) ? value : value.includes("'") ? JSON.stringify(value) : `'${value}'`;

/** The commented matrix file for `plan`. */
export function renderMatrixFile(plan: InitPlan): string {
  const withRepo = plan.packages.filter((p) => p.repo !== null);
  const variants = ["pinned", ...(plan.packages.length ? ["latest-each", "latest-all"] : [])];
  if (withRepo.length) variants.push("upstream-each", "upstream-all");
  const cells = countVariants(plan.packages.length, withRepo.length);
  const smoke = smokeCommand(plan);
  const lines = [
    "# Written by `matrix init`. Every matrix command reads this file when no -m is given.",
    "# Each night builds one environment per variant and runs every job in it; see the README.",
    `name: ${q(plan.name)}`,
    "project:",
    // Jobs run at the repository root either way; only a Python project is installed.
    plan.pythonProject
      ? "  path: .                  # jobs run here; a Python project: installed (--no-deps) into every environment"
      : "  path: .                  # jobs run here (not a Python project: nothing of it is installed)",
    plan.requirements.endsWith(".lock.txt")
      ? `  requirements: ${q(plan.requirements)}   # the lock \`matrix init --lock\` compiled: every pin exact; remake it with the command in its header`
      : `  requirements: ${q(plan.requirements)}   # the pins the release ships (requirements file or pyproject.toml)`,
    "python: python3            # the interpreter environments are made from",
    ...(plan.index
      ? [`index: ${q(plan.index)}`]
      : ["# index: https://pypi.org/simple   # any PEP 503/691 index"]),
    "",
    "# Tracked packages: the upstreams watched for new releases (latest-*) and main-branch commits",
    "# (upstream-*). `repo` came from each package's project URLs on the index; a package without",
    "# one gets no upstream variants. file_upstream: true lets --confirm file issues upstream.",
    ...(plan.packages.length ? ["packages:"] : ["packages: {}"]),
    ...plan.packages.map((p) =>
      p.repo
        ? `  ${p.name}: { repo: ${q(p.repo)}, branch: main }`
        : `  ${p.name}: {}   # no source repository found${p.note ? ` (${p.note})` : ""}; add repo: URL`,
    ),
    "",
    "# pinned: the requirements as written (it gates the release); latest-each: one variant per",
    "# tracked package at its newest release, the others pinned (a single breaking release is named",
    "# on the first night even when latest-all cannot be installed); latest-all: all of them at once;",
    "# upstream-each / upstream-all: main branches, one at a time / together.",
    `# That is ${cells} variants x 1 job = ${cells} cells a night; each cell is one environment (built`,
    "# once, then reused until its resolved requirements change) plus the job's own time.",
    `variants: [${variants.join(", ")}]`,
    "",
    "jobs:",
    "  # Works at once: imports every module of the project (subpackages too) and the tracked packages,",
    "  # and runs the project's console scripts with --help. A module that fails under pinned too is",
    "  # listed once as known; one that imports under pinned and fails under a variant fails the cell.",
    "  import-smoke:",
    `    run: ${q(smoke)}`,
    "    timeout: 15m            # a cold import of torch and a whole wrapper takes minutes",
    "",
    "  # A real smoke fine-tune: a few steps of your training entry point on a tiny model. It appends",
    '  # JSON lines to the file in $MATRIX_METRICS ({"step": 1, "loss": 2.7} per step, plus summary',
    '  # lines such as {"peak_memory_mb": 812}); the README has a TrainerCallback that writes them.',
    "  # lora-smoke:",
    "  #   run: python train.py --config configs/lora-smoke.yml --max-steps 20",
    "  #   timeout: 15m            # per attempt; the environment install has its own budget",
    "  #   retries: 1              # re-runs before a failure counts (a pass on retry is flaky)",
    "  #   runs-on: [self-hosted, linux, gpu]",
    "  #   expect: { loss_decreases: 0.05, final_loss_below: 4.0, max_seconds: 600 }",
    "",
    "# Known breakages: shown, not alerted, not gating, until the date.",
    "# expected:",
    `#   - { package: transformers, job: lora-smoke, reason: "upstream #1234", until: ${plan.until ?? "2026-12-31"} }`,
    "",
  ];
  return lines.join("\n");
}

/** Variants a night has: pinned, one latest per package and latest-all, one upstream per package with a repo and upstream-all. */
export function countVariants(tracked: number, withRepo: number): number {
  return 1 + (tracked ? tracked + 1 : 0) + (withRepo ? withRepo + 1 : 0);
}

/** The import smoke's command: the project walked when it is a named Python project, the tracked packages imported. */
function smokeCommand(plan: InitPlan): string {
  const tracked = plan.imports ?? plan.packages.map((p) => p.name);
  const walk = plan.pythonProject && plan.projectName ? ["--walk", plan.projectName] : [];
  const args = [...walk, ...tracked];
  return args.length ? `python "$${IMPORT_SMOKE_VAR}" ${args.join(" ")}` : "python -V";
}
