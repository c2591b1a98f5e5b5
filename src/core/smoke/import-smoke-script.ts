/**
 * The import smoke's Python script (a string, so the installed package carries it in dist/): the
 * harness writes it beside a run's logs and names it in `$MATRIX_IMPORT_SMOKE`; the job that
 * `matrix init` writes runs it. It imports every module of the project (walked, not only the top
 * level) and the tracked packages' top-level modules, runs the project's console scripts with
 * --help, and judges failures against the pinned variant's (`$MATRIX_IMPORT_BASELINE`).
 */

/** The environment variable naming the script's path inside a job. */
export const IMPORT_SMOKE_VAR = "MATRIX_IMPORT_SMOKE";

/** The environment variable naming the pinned variant's known failures for the job. */
export const IMPORT_BASELINE_VAR = "MATRIX_IMPORT_BASELINE";

/** True when a job runs the import smoke: its cells under other variants judge against pinned's. */
export function usesImportSmoke(run: string): boolean {
  return run.includes(IMPORT_SMOKE_VAR);
}

/** The script's text. */
export const IMPORT_SMOKE_SCRIPT = `"""matrix's import smoke: \`python "$MATRIX_IMPORT_SMOKE" --walk PROJECT TRACKED...\`.

Each distribution named is found in the environment's metadata (so \`flash-linear-attention\`
is imported as \`fla\`). A --walk distribution has every module imported, subpackages included
(a wrapper imports its trainers lazily), and its console scripts run with --help; the others
have their top-level modules imported. Under the pinned variant a module that fails is recorded
in $MATRIX_IMPORT_BASELINE as known; under another variant a failure the baseline lists is
known, any other fails the job with the module and the exception in its last line.
"""
import importlib
import importlib.metadata as metadata
import json
import os
import pkgutil
import subprocess
import sys
import traceback


class ImportSmokeFailure(Exception):
    """The job's verdict: the modules that import under pinned and fail here."""


def top_modules(dist):
    """The importable top-level names a distribution installs, read from its metadata."""
    text = dist.read_text("top_level.txt")
    if text:
        return [n for n in text.split() if n.isidentifier()]
    names = []
    for file in dist.files or []:
        parts = file.parts
        if not parts or parts[0].endswith((".dist-info", ".data")) or parts[0] == "..":
            continue
        name = parts[0][:-3] if len(parts) == 1 and parts[0].endswith(".py") else parts[0]
        if len(parts) == 1 and not parts[0].endswith(".py"):
            continue
        if name.isidentifier() and name not in names and name != "__pycache__":
            names.append(name)
    return names


def try_import(name, failures):
    try:
        return importlib.import_module(name)
    except BaseException as error:  # a module may sys.exit or raise anything at import
        if isinstance(error, KeyboardInterrupt):
            raise
        traceback.print_exc()
        failures[name] = f"{type(error).__name__}: {error}".splitlines()[0]
        return None


def walk(top, failures):
    """Imports \`top\` and every module under it; returns how many were tried."""
    tried = 1
    module = try_import(top, failures)
    path = getattr(module, "__path__", None)
    if path is None:
        return tried
    for info in pkgutil.iter_modules(path, f"{top}."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue  # importing it runs the program
        tried += walk(info.name, failures) if info.ispkg else 0
        if not info.ispkg:
            tried += 1
            try_import(info.name, failures)
    return tried


def check_scripts(dist, failures):
    scripts = [e for e in dist.entry_points if e.group == "console_scripts"]
    bindir = os.path.dirname(sys.executable)
    for entry in scripts:
        exe = os.path.join(bindir, entry.name)
        try:
            done = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=300)
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()
                print(done.stderr, file=sys.stderr)
                failures[f"{entry.name} --help"] = f"exit {done.returncode}: {tail[-1] if tail else ''}"
        except (OSError, subprocess.TimeoutExpired) as error:
            failures[f"{entry.name} --help"] = f"{type(error).__name__}: {error}"
    return len(scripts)


def read_baseline(path):
    try:
        with open(path) as f:
            return json.load(f).get("failures", {})
    except (OSError, ValueError):
        return None


def write_json(path, value):
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=2, sort_keys=True)
    os.replace(tmp, path)


def main(argv):
    walked, imported = [], []
    target = imported
    for arg in argv:
        if arg == "--walk":
            target = walked
        else:
            target.append(arg)
            target = imported
    failures, tops, tried, scripts = {}, [], 0, 0
    for name in walked + imported:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            failures[name] = f"PackageNotFoundError: {name} is not installed"
            tops.append(name)
            continue
        names = top_modules(dist) or [name.replace("-", "_").lower()]
        tops += names
        for top in names:
            tried += walk(top, failures) if name in walked else 1
            if name not in walked:
                try_import(top, failures)
        if name in walked:
            scripts += check_scripts(dist, failures)
    variant = os.environ.get("MATRIX_VARIANT", "")
    baseline_file = os.environ.get("MATRIX_IMPORT_BASELINE")
    if variant == "pinned":
        # What fails under the pins is known; only a top-level module that fails is the pins' own breakage.
        known = {m: e for m, e in failures.items() if m not in tops}
        if baseline_file:
            write_json(baseline_file, {"failures": known})
    else:
        known = read_baseline(baseline_file) if baseline_file else None
        known = {m: e for m, e in failures.items() if known is not None and m in known}
    new = {m: e for m, e in failures.items() if m not in known}
    for module, error in sorted(known.items()):
        print(f"import smoke: known (fails under pinned too): {module}: {error}", file=sys.stderr)
    metrics = os.environ.get("MATRIX_METRICS")
    if metrics:
        with open(metrics, "a") as f:
            summary = {"modules_tried": tried, "scripts_tried": scripts, "known_failing": len(known)}
            f.write(json.dumps(summary) + "\\n")
    print(f"import smoke: {tried} modules, {scripts} console scripts, {len(known)} known, {len(new)} failing",
          file=sys.stderr)
    if new:
        first = sorted(new)[0]
        more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
        raise ImportSmokeFailure(f"{first}: {new[first]}{more}")


if __name__ == "__main__":
    main(sys.argv[1:])
`;
