/**
 * No error becomes a value unseen: every place in `src/` where one does (`.catch(() => null)`, a
 * bare `catch {`, `.then(ok, () => false)`, `catch (e) { return null }`) is listed here with its
 * count and why it stays. Reading a file is never one of them: `unlessAbsent` (src/adapters/fs.ts)
 * maps only ENOENT to absent, so a torn record is an error naming it. A new site fails this test
 * until it is removed or listed; a listed site that is gone fails it too, so the list stays true.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type CatchForm, findCatchSites, scanSources } from "../support/silent-catches.js";

const repo = resolve(import.meta.dirname, "../..");

/** Each file's sites that stay: how many, and why. */
const ALLOWED: Array<{ file: string; count: number; reason: string }> = [
  {
    file: "src/adapters/env-cache.ts",
    count: 1,
    reason: "the machine cache's entry file: not JSON is rewritten (a cache, rebuilt, never a record)",
  },
  {
    file: "src/adapters/env-prune.ts",
    count: 2,
    reason:
      "touching an entry's marker and pruning a locked entry are best effort: another process may hold or remove it",
  },
  {
    file: "src/adapters/exec.ts",
    count: 1,
    reason: "signalling a process group that already exited (ESRCH)",
  },
  {
    file: "src/adapters/git-mirror.ts",
    count: 2,
    reason:
      "a lost rename race is checked by code and rethrown; moving a broken mirror aside is best effort before rm",
  },
  {
    file: "src/adapters/project-urls.ts",
    count: 1,
    reason: "an index body that is not JSON is the world's trouble: null becomes a WorldError by the caller",
  },
  {
    file: "src/adapters/pull-requests.ts",
    count: 1,
    reason:
      "optional network lookup of a commit's PR: the record carries no PR, as before the lookup existed",
  },
  {
    file: "src/adapters/uv-binary.ts",
    count: 2,
    reason: "tool probes: a uv that does not run, a folder of PATH without it",
  },
  {
    file: "src/adapters/verdict-cache.ts",
    count: 1,
    reason:
      "a torn or foreign entry of the shared smoke-verdict cache is a miss: the smoke runs again and replaces it",
  },
  {
    file: "src/adapters/webhook.ts",
    count: 1,
    reason: "draining a failed response's body before a retry (network best effort)",
  },
  {
    file: "src/commands/report.ts",
    count: 1,
    reason:
      "report --merge without a run of its own: only InputError (no run) becomes null, anything else is rethrown",
  },
  {
    file: "src/core/knobs/parse-verdict.ts",
    count: 1,
    reason: "the wrapper's validate output that is not JSON is a verdict problem (data), said in the plan",
  },
  {
    file: "src/core/pyproject/declares-build-system.ts",
    count: 2,
    reason: "unreadable TOML counts as installable, so the installer says what is wrong",
  },
  {
    file: "src/core/pyproject/optional-dependencies.ts",
    count: 2,
    reason: "init's extras: unreadable TOML offers none; the installer reports the file",
  },
  {
    file: "src/core/pyproject/project-name.ts",
    count: 1,
    reason: "a project name from TOML that does not parse is unknown (setup.cfg or nothing)",
  },
  {
    file: "src/core/results/parse-metrics.ts",
    count: 1,
    reason: "a metrics line the job printed that is not JSON is not a metric (the job's output, data)",
  },
  {
    file: "src/engine/bisect/bisect-install.ts",
    count: 1,
    reason: "marks a promise handled; it is awaited later, where its error surfaces",
  },
  {
    file: "src/engine/bisect/bisect-package.ts",
    count: 1,
    reason: "wheel prefetch is a guess; the step that needs the wheel awaits it and sees its error",
  },
  {
    file: "src/engine/bisect/bisect-range.ts",
    count: 2,
    reason: "git resolving a tag that the mirror does not have: a miss, the next tag spelling is tried",
  },
  {
    file: "src/engine/bisect/bisect-verdicts.ts",
    count: 1,
    reason: "remembering a verdict in the machine cache is best effort; the bisect has it in hand",
  },
  {
    file: "src/engine/bisect/bisect-wheels.ts",
    count: 1,
    reason: "a background wheel build's error is kept for the step awaiting it, not thrown twice",
  },
  {
    file: "src/engine/conclude/run-gate.ts",
    count: 1,
    reason:
      "annotations' pin lines: without a readable requirements file they go without a place, never the gate without a verdict",
  },
  {
    file: "src/engine/conclude/send-digest.ts",
    count: 1,
    reason: "writing digest.json: the digest is news and never fatal (its reason is printed)",
  },
  {
    file: "src/engine/project/doctor-gpu.ts",
    count: 1,
    reason: "doctor's probe of a cached environment: none found is said on doctor's GPU line",
  },
  {
    file: "src/engine/run/import-baseline.ts",
    count: 1,
    reason: "marks pinned's cell handled; its own await reports its error",
  },
];

describe("no silent catches in src/", () => {
  it("every site that turns an error into a value is listed, with its reason", async () => {
    const found = new Map<string, number>();
    for (const site of await scanSources(repo)) found.set(site.file, (found.get(site.file) ?? 0) + 1);
    const allowed = new Map(ALLOWED.map((a) => [a.file, a.count]));
    const unlisted = [...found].filter(([file, count]) => count > (allowed.get(file) ?? 0));
    const stale = ALLOWED.filter((a) => (found.get(a.file) ?? 0) < a.count).map((a) => a.file);
    expect(unlisted, "new catch-to-value sites: use unlessAbsent (src/adapters/fs.ts) or list them").toEqual(
      [],
    );
    expect(stale, "listed sites that are gone: lower the count").toEqual([]);
    expect(ALLOWED.every((a) => a.reason.length > 20)).toBe(true);
  });
});

describe("the scanner finds each form", () => {
  it.each<[CatchForm, string]>([
    ["catch-arrow-value", 'const text = await readFile(p, "utf8").catch(() => null);'],
    ["catch-arrow-value", "const names = await readdir(dir).catch(() => [] as string[]);"],
    ["catch-arrow-value", 'const text = await readFile(p).catch((_error) => "{}");'],
    ["catch-arrow-value", "const x = await load(p).catch(\n  () => null,\n);"],
    [
      "catch-arrow-block",
      "await rename(a, b).catch((error: NodeJS.ErrnoException) => {\n  if (error.code) throw error;\n});",
    ],
    ["bare-catch", "try {\n  return JSON.parse(text);\n} catch {\n  return null;\n}"],
    ["then-reject-value", "const ok = await stat(p).then(\n  () => true,\n  () => false,\n);"],
    ["catch-return-value", "try {\n  return read(p);\n} catch (error) {\n  // gone\n  return undefined;\n}"],
  ])("%s: %s", (form, source) => {
    expect(findCatchSites("planted.ts", source).map((s) => s.form)).toContain(form);
  });

  it.each([
    ["a catch that rethrows", "try {\n  x();\n} catch (error) {\n  throw new InputError(String(error));\n}"],
    ["unlessAbsent", "const text = await unlessAbsent(p, readFile(p));"],
    ["a then with one handler", "const n = await f().then((v) => v + 1);"],
  ])("finds nothing in %s", (_what, source) => {
    expect(findCatchSites("planted.ts", source)).toEqual([]);
  });

  it("names the line of each site", () => {
    const source = 'const a = 1;\nconst t = await readFile(p).catch(() => "");\n';
    expect(findCatchSites("planted.ts", source)).toEqual([
      {
        file: "planted.ts",
        line: 2,
        form: "catch-arrow-value",
        text: 'const t = await readFile(p).catch(() => "");',
      },
    ]);
  });
});
