/**
 * The workflows against the CLI they drive: the fan-out jobs read exactly the keys `matrix plan
 * --github` and `matrix plan --bisects --github` emit, nightly.yml passes only inputs the reusable
 * workflow declares, and the security rules hold in every file (pinned actions, least privilege,
 * no untrusted text in a shell, no persisted credentials, one night of a matrix at a time).
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is a GitHub expression here, not a template.
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { type Document, isMap, isScalar, parse, parseDocument, visit } from "yaml";
import { planBisects } from "../../src/core/bisect/plan-bisects.js";
import { loadProject } from "../../src/engine/project/load-project.js";
import { runCli } from "../support/run-cli.js";

const repo = resolve(import.meta.dirname, "../..");
type Job = Record<string, unknown> & { steps?: Array<Record<string, unknown>>; permissions?: unknown };
type Workflow = {
  on: Record<string, unknown>;
  permissions?: unknown;
  jobs: Record<string, Job>;
  concurrency?: unknown;
};
const files = [
  ".github/workflows/ci.yml",
  ".github/workflows/matrix-night.yml",
  ".github/workflows/nightly.yml",
];
const text: Record<string, string> = {};
const yml: Record<string, Workflow> = {};
let night: Workflow;

beforeAll(async () => {
  for (const f of [...files, "action.yml"]) {
    text[f] = await readFile(join(repo, f), "utf8");
    yml[f] = parse(text[f] as string) as Workflow;
  }
  text[".github/scripts/night-history.sh"] = await readFile(
    join(repo, ".github/scripts/night-history.sh"),
    "utf8",
  );
  night = yml[".github/workflows/matrix-night.yml"] as Workflow;
});

/** The `matrix.<key>` names a job reads. */
function matrixKeys(job: Job): string[] {
  const keys = [...JSON.stringify(job).matchAll(/\bmatrix\.([A-Za-z0-9_-]+)/g)].map((m) => m[1] as string);
  return [...new Set(keys)].sort();
}

describe("the fan-out reads what the plan emits", () => {
  it.each(["matrices/default.yml", "matrices/gpu.yml"])(
    "run job: exactly the keys of plan --github (%s)",
    async (m) => {
      const plan = await runCli(["plan", "--github", "-m", m], repo);
      expect(plan.exitCode, plan.stderr).toBe(0);
      const cells = JSON.parse(plan.stdout).include as Array<Record<string, unknown>>;
      const emitted = [...new Set(cells.flatMap((c) => Object.keys(c)))].sort();
      const run = night.jobs.run as Job;
      expect(run.strategy).toEqual({
        "fail-fast": false,
        matrix: "${{ fromJSON(needs.plan.outputs.matrix) }}",
      });
      // Every key the plan emits is read; the only other key read is `knobs`, which only knob
      // cells carry (a matrix without knobs emits none).
      const read = matrixKeys(run);
      expect(read.filter((k) => !emitted.includes(k))).toEqual(emitted.includes("knobs") ? [] : ["knobs"]);
      expect(emitted.filter((k) => !read.includes(k))).toEqual([]);
      expect(run["runs-on"]).toBe("${{ matrix.runs-on }}");
      expect(run["timeout-minutes"]).toBe("${{ matrix.timeout-minutes }}");
      // The uv wheel cache is saved by job-index 0 when it is pinned: pinned comes first.
      expect(cells[0]?.variant).toBe("pinned");
    },
  );

  it("bisect job: exactly the keys of plan --bisects --github, on the cell's labels", async () => {
    const project = await loadProject(join(repo, "matrices/gpu.yml"));
    const job = project.matrix.jobs[0]?.name as string;
    const variant = {
      name: "latest-peft",
      kind: "latest" as const,
      moves: ["peft"],
      requirements: "r",
      overrides: null,
      unresolved: [],
    };
    const [cell] = planBisects(
      [{ variant: "latest-peft", job, culprit: "peft", culprits: ["peft"] }],
      [{ ...variant, packages: { peft: { source: "latest", version: "9.9" } } }],
      project.matrix.jobs,
    );
    expect(cell).toBeDefined();
    const bisect = night.jobs.bisect as Job;
    expect(bisect.strategy).toEqual({
      "fail-fast": false,
      matrix: "${{ fromJSON(needs.find-bisects.outputs.matrix) }}",
    });
    expect(matrixKeys(bisect)).toEqual(Object.keys(cell as object).sort());
    expect(bisect["runs-on"]).toBe("${{ matrix.runs-on }}");
    expect(bisect.if).toContain("fromJSON(needs.find-bisects.outputs.count) > 0");
  });

  it("the plan steps ask the CLI for those lists, and an empty list skips its job", () => {
    const withOf = (job: string, id: string) =>
      (night.jobs[job]?.steps ?? []).find((s) => s.id === id)?.with as Record<string, string>;
    expect(withOf("plan", "plan")).toMatchObject({ command: "plan", args: "${{ steps.args.outputs.args }}" });
    expect(text[".github/workflows/matrix-night.yml"]).toContain('args="--github"');
    expect(withOf("find-bisects", "bisects")).toMatchObject({ command: "plan", args: "--bisects --github" });
    expect(night.jobs.run?.if).toBe("fromJSON(needs.plan.outputs.count) > 0");
  });

  it("triage concludes whatever failed before: every step after the downloads runs unless cancelled, conclude before the uploads", () => {
    const steps = night.jobs.triage?.steps ?? [];
    const patterns = steps
      .map((s) => (s.with as Record<string, string> | undefined)?.pattern)
      .filter(Boolean);
    expect(patterns).toEqual(["cell-*", "bisect-*"]);
    expect(night.jobs.triage?.needs).toEqual(["plan", "run", "find-bisects", "bisect"]);
    const history = steps.findIndex((s) => String(s.run).includes("night-history.sh newest reports/history"));
    expect(history).toBeGreaterThan(0);
    for (const step of steps.slice(history)) expect(String(step.if)).toContain("!cancelled()");
    const commands = steps.flatMap((s) => {
      const command = (s.with as Record<string, string> | undefined)?.command;
      return command ? [command] : [];
    });
    // One verb concludes the night, as the end of `matrix nightly` does; its outputs are the gate's.
    expect(commands).toEqual(["conclude"]);
    const conclude = steps.findIndex((s) => s.id === "gate");
    expect(steps[conclude]?.with).toMatchObject({ command: "conclude" });
    expect(conclude).toBeGreaterThan(history);
    const uploads = steps.flatMap((s, i) => (String(s.uses).startsWith("actions/upload-") ? [i] : []));
    expect(uploads.length).toBe(3);
    for (const i of uploads) expect(i).toBeGreaterThan(conclude);
    expect(night.jobs.triage?.outputs).toEqual({ gate: "${{ steps.gate.outputs.gate }}" });
  });

  it("find-bisects reads the history of earlier nights before it lists the bisects", () => {
    const steps = night.jobs["find-bisects"]?.steps ?? [];
    const history = steps.findIndex((s) => String(s.run).includes("night-history.sh newest reports/history"));
    const bisects = steps.findIndex((s) => s.id === "bisects");
    expect(history).toBeGreaterThan(-1);
    expect(bisects).toBeGreaterThan(history);
    expect(night.jobs["find-bisects"]?.permissions).toMatchObject({ actions: "read" });
  });

  it("the harness is built once, by plan: every other job downloads it before the action runs", () => {
    const plan = night.jobs.plan?.steps ?? [];
    const pack = plan.findIndex((s) => s.id === "pack");
    expect(pack).toBeGreaterThan(plan.findIndex((s) => s.id === "variants"));
    expect(plan[pack + 1]?.with).toMatchObject({ name: "harness" });
    for (const name of ["run", "find-bisects", "bisect", "triage"]) {
      const steps = night.jobs[name]?.steps ?? [];
      const download = steps.findIndex(
        (s) => (s.with as Record<string, string> | undefined)?.name === "harness",
      );
      const action = steps.findIndex((s) => s.uses === "./.matrix-harness");
      expect(download, name).toBeGreaterThan(-1);
      expect(steps[download]?.["continue-on-error"], name).toBe(true);
      expect(action, name).toBeGreaterThan(download);
    }
  });

  it("reads no variable that a runner may leave unset without a default", () => {
    const scripts = [
      text[".github/workflows/matrix-night.yml"] as string,
      text["action.yml"] as string,
      text[".github/scripts/night-history.sh"] as string,
    ];
    for (const t of scripts) expect(t).not.toMatch(/\$\{?GITHUB_WORKFLOW_REF\b(?!:-)/);
  });

  it("nightly.yml passes only inputs and secrets matrix-night.yml declares", () => {
    const caller = yml[".github/workflows/nightly.yml"] as Workflow;
    const call = night.on.workflow_call as {
      inputs: Record<string, unknown>;
      secrets: Record<string, unknown>;
    };
    const job = caller.jobs.night as Job & {
      with: Record<string, unknown>;
      secrets: Record<string, unknown>;
    };
    expect(job.uses).toBe("./.github/workflows/matrix-night.yml");
    for (const key of Object.keys(job.with)) expect(Object.keys(call.inputs)).toContain(key);
    for (const key of Object.keys(job.secrets)) expect(Object.keys(call.secrets)).toContain(key);
  });
});

describe("security rules in every workflow and the action", () => {
  it.each(files)("%s: no permissions by default, each job asks for its own", (f) => {
    const wf = yml[f] as Workflow;
    expect(wf.permissions).toEqual({});
    for (const [name, job] of Object.entries(wf.jobs)) expect(job.permissions, name).toBeDefined();
    expect(Object.keys(wf.on)).not.toContain("pull_request_target");
  });

  it("issues: write only for triage, pages and id-token only for deploy", () => {
    for (const [name, job] of Object.entries(night.jobs)) {
      const perms = job.permissions as Record<string, string>;
      expect(perms.issues === "write", name).toBe(name === "triage");
      expect(perms["id-token"] === "write", name).toBe(name === "deploy");
      expect(perms.pages === "write", name).toBe(name === "deploy");
    }
  });

  it.each([...files, "action.yml"])("%s: actions pinned to a commit with the version said", (f) => {
    const uses = [...(text[f] as string).matchAll(/^\s*(?:- )?uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, rest] of uses) {
      if (ref?.startsWith("./")) continue;
      expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it.each([...files, "action.yml"])("%s: no ${{ }} inside a shell script; checkouts keep no token", (f) => {
    const doc = parseDocument(text[f] as string) as Document;
    const scripts: string[] = [];
    const checkouts: Array<Record<string, unknown>> = [];
    visit(doc, {
      Pair(_, pair) {
        if (isScalar(pair.key) && pair.key.value === "run" && isScalar(pair.value))
          scripts.push(String(pair.value.value));
      },
      Map(_, map) {
        const step = map.toJSON() as Record<string, unknown>;
        if (typeof step.uses === "string" && step.uses.startsWith("actions/checkout@")) checkouts.push(step);
        return isMap(map) ? undefined : visit.SKIP;
      },
    });
    for (const script of scripts) expect(script).not.toContain("${{");
    for (const c of checkouts) expect((c.with as Record<string, unknown>)["persist-credentials"]).toBe(false);
  });

  it("never two nights of one matrix at once, and a night is never cancelled by the next", () => {
    const caller = yml[".github/workflows/nightly.yml"] as Workflow;
    expect(caller.concurrency).toEqual({
      group: "matrix-nightly-${{ inputs.matrix || 'matrices/gpu.yml' }}",
      "cancel-in-progress": false,
    });
  });

  it("ci runs read-only on GitHub-hosted runners only, with .ci/run's commands", () => {
    const ci = yml[".github/workflows/ci.yml"] as Workflow;
    for (const job of Object.values(ci.jobs)) {
      expect(job["runs-on"]).toBe("ubuntu-latest");
      expect(job.permissions).toEqual({ contents: "read" });
      expect(job.steps?.at(-1)?.run).toBe("bash .ci/run");
    }
  });
});

describe("the action's Node and the dependencies' engines", () => {
  it("every production dependency installs on the oldest Node the action and package.json allow", async () => {
    const action = yml["action.yml"] as unknown as { inputs: Record<string, { default: string }> };
    const major = action.inputs["node-version"]?.default;
    const pkg = JSON.parse(await readFile(join(repo, "package.json"), "utf8"));
    const floor = /^>=\s*(\d+)\.(\d+)$/.exec(pkg.engines.node);
    expect(floor?.[1]).toBe(major);
    const dir = await mkdtemp(join(tmpdir(), "matrix-engines-"));
    try {
      for (const f of ["package.json", "package-lock.json"]) await copyFile(join(repo, f), join(dir, f));
      // npm judges engines against --node-version: the floor, whatever Node runs this test.
      const ci = await execa(
        "npm",
        [
          "ci",
          "--dry-run",
          "--engine-strict",
          "--omit=dev",
          "--ignore-scripts",
          "--no-audit",
          "--no-fund",
          `--node-version=v${floor?.[1]}.${floor?.[2]}.0`,
        ],
        { cwd: dir, reject: false },
      );
      expect(ci.stderr).not.toContain("notsup");
      expect(ci.exitCode, ci.stderr).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
