/**
 * The parts of a draft a maintainer pastes and compares: the reproduction (a fresh venv, the
 * failing variant's exact requirement lines, git+URL@sha lines included, then the smoke command)
 * and the environment the night ran in (Python, installer, OS, GPUs, torch and its CUDA build,
 * the tracked packages as pinned, as moved and as installed).
 */
import { type DraftInput, describeState } from "./draft-input.js";
import { codeSpan, cutMiddle, fenceBlock, table, tableCell } from "./markdown.js";

// Above these a requirements file or a package list is cut in the middle (and says so).
const MAX_REQUIREMENTS = 16_000;
const MAX_INSTALLED = 8_000;

/** The lines pip reads from a requirements text: blank lines and whole-line comments dropped. */
export function requirementLinesOf(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
}

/** `value` as one shell word. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./~-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A heredoc that writes `lines` to `file`, with a terminator no line can be. */
function heredoc(file: string, lines: string[]): string[] {
  let end = "MATRIX_EOF";
  while (lines.includes(end)) end = `${end}_`;
  return [`cat > ${file} <<'${end}'`, ...lines, end];
}

/** The reproduction: a shell block to paste, from an empty folder in the project's checkout. */
export function reproductionSection(input: DraftInput): string {
  const variant = input.variant.name;
  const python = input.machine ? ` (the night ran Python ${input.machine.python})` : "";
  const script = [`# in a checkout of the project${python}`, "python -m venv .venv && . .venv/bin/activate"];
  const lines = requirementLinesOf(input.requirements ?? "");
  const constraints = requirementLinesOf(input.constraints ?? "");
  const file = `requirements-${variant}.txt`;
  const index = input.index ? ` --index-url ${shellQuote(input.index)}` : "";
  if (lines.length > 0) {
    script.push(...heredoc(file, cutMiddle(lines.join("\n"), MAX_REQUIREMENTS).split("\n")));
    if (constraints.length > 0) script.push(...heredoc(`constraints-${variant}.txt`, constraints));
    const c = constraints.length > 0 ? ` -c constraints-${variant}.txt` : "";
    script.push(`pip install${index} -r ${file}${c}`);
  } else {
    script.push(`# no requirements file was written for ${variant}`);
  }
  if (input.installsProject) {
    script.push("# the project itself; its dependencies are the lines above", "pip install --no-deps .");
  }
  const cwd = input.job.cwd;
  if (cwd && cwd !== ".") script.push(`cd ${shellQuote(cwd)}`);
  const config = input.job.config;
  if (config) {
    // A knob cell: the combination's merged config (healed, when the wrapper heals it) travels along.
    const knobs = Object.entries(config.knobs).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    script.push(`# knob combination: ${knobs.join(" ")} (wrapper verdict: ${config.verdict})`);
    script.push(...heredoc(config.file, config.text.replace(/\n$/, "").split("\n")));
  }
  for (const [name, value] of Object.entries(input.job.env ?? {})) {
    script.push(`export ${name}=${shellQuote(value)}`);
  }
  // Wrappers may write their metrics where matrix asks; without the variable some cannot run.
  script.push('export MATRIX_METRICS="$PWD/metrics.jsonl"', input.job.run);
  return ["## Reproduction", "", fenceBlock(script.join("\n"), "sh")].join("\n");
}

/** `2.5.1+cu124` → `CUDA 12.4`; `+cpu` → `CPU build`; `+rocm6.2` → `ROCm 6.2`; else null. */
export function torchBuildOf(version: string): string | null {
  const local = /\+(.+)$/.exec(version)?.[1];
  if (!local) return null;
  const cuda = /^cu(\d+)(\d)$/.exec(local);
  if (cuda) return `CUDA ${cuda[1]}.${cuda[2]}`;
  if (local === "cpu") return "CPU build";
  const rocm = /^rocm(.+)$/.exec(local);
  return rocm ? `ROCm ${rocm[1]}` : local;
}

/** The environment the night ran in, then the tracked packages and every installed version. */
export function environmentSection(input: DraftInput): string {
  const m = input.machine;
  const installed = input.result?.installed ?? {};
  const rows: string[][] = [];
  if (m) {
    rows.push(["Python", codeSpan(m.python)], ["Installer", codeSpan(m.installer)], ["OS", codeSpan(m.os)]);
    rows.push(["GPUs", m.gpus.length > 0 ? m.gpus.map(codeSpan).join(", ") : "none (CPU)"]);
  }
  const torch = installed.torch;
  if (torch) {
    const build = torchBuildOf(torch);
    rows.push(["torch", `${codeSpan(torch)}${build ? ` (${build})` : ""}`]);
  }
  const parts = ["## Environment", ""];
  parts.push(rows.length > 0 ? table(["", ""], rows) : "The summary does not say where the night ran.");
  const tracked = Object.keys(input.variant.packages);
  if (tracked.length > 0) {
    const packageRows = tracked.map((pkg) => [
      codeSpan(pkg),
      tableCell(input.pins[pkg]),
      input.variant.packages[pkg]?.source === "pinned"
        ? "pinned"
        : tableCell(describeState(input.variant.packages[pkg])),
      tableCell(installed[pkg]),
    ]);
    parts.push("", table(["package", "pinned", codeSpan(input.variant.name), "installed"], packageRows));
  }
  const names = Object.keys(installed).sort();
  if (names.length > 0) {
    const list = cutMiddle(names.map((n) => `${n}==${installed[n]}`).join("\n"), MAX_INSTALLED);
    parts.push(
      "",
      `<details><summary>All ${names.length} installed packages</summary>`,
      "",
      fenceBlock(list, "text"),
      "",
      "</details>",
    );
  }
  return parts.join("\n");
}
