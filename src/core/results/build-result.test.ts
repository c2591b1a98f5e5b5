import { describe, expect, it } from "vitest";
import { type AttemptOutcome, buildResult, classifyAttempt, classifyAttempts } from "./build-result.js";
import { resultRecordSchema } from "./result-record.js";

const TRACEBACK = `Traceback (most recent call last):
  File "/w/train.py", line 5, in <module>
  File "/env/lib/python3.11/site-packages/peft/peft_model.py", line 9, in __init__
TypeError: __init__() got an unexpected keyword argument 'use_dora'
`;

const FAULT = `Fatal Python error: Illegal instruction

Current thread 0x00007f2a1c3b5740 (most recent call first):
  File "/env/lib/python3.11/site-packages/crashy/__init__.py", line 3 in <module>
  File "/w/train.py", line 1 in <module>

Extension modules: crashy._native (total: 1)
`;

const attempt = (over: Partial<AttemptOutcome> = {}): AttemptOutcome => ({
  exitCode: 0,
  signal: null,
  timedOut: false,
  seconds: 2,
  output: "ok\n",
  metrics: {
    steps: [
      { step: 1, loss: 4 },
      { step: 2, loss: 2 },
    ],
    summary: { peak_memory_mb: 10 },
  },
  ...over,
});

const EXPECT = { loss_decreases: 0.1 };
const passing = attempt();
const crashing = attempt({ exitCode: 1, output: TRACEBACK });

describe("classifyAttempt", () => {
  it.each<[string, AttemptOutcome, string, string | null, RegExp | null]>([
    ["a clean pass", passing, "pass", null, null],
    [
      "a traceback",
      crashing,
      "fail",
      "exception",
      /^TypeError: .*'use_dora' @ peft_model.py:__init__ < train.py:<module>$/,
    ],
    [
      "a bare exit code",
      attempt({ exitCode: 137, output: "Killed\n" }),
      "fail",
      "exit-code",
      /^exit 137: Killed$/,
    ],
    [
      "a signal",
      attempt({ exitCode: null, signal: "SIGSEGV", output: "" }),
      "fail",
      "signal",
      /^signal SIGSEGV: no output$/,
    ],
    [
      "a signal with the fault handler's crash site",
      attempt({ exitCode: null, signal: "SIGILL", output: FAULT }),
      "fail",
      "signal",
      /^signal SIGILL @ __init__.py:<module> < train.py:<module>$/,
    ],
    [
      "a crash signal bash reports as 128 + N",
      attempt({ exitCode: 132, output: "bash: line 2: 4242 Illegal instruction python train.py\n" }),
      "fail",
      "signal",
      /^signal SIGILL: bash: line <n>: <n> Illegal instruction/,
    ],
    [
      "a timeout",
      attempt({ exitCode: null, signal: "SIGTERM", timedOut: true }),
      "timeout",
      "exit-code",
      /^timeout$/,
    ],
    [
      "an unmet expectation",
      attempt({
        metrics: {
          steps: [
            { step: 1, loss: 4 },
            { step: 2, loss: 3.9 },
          ],
          summary: {},
        },
      }),
      "fail",
      "expectation",
      /^expectation: loss_decreases <n>: fitted loss/,
    ],
    [
      "a NaN loss",
      attempt({ metrics: { steps: [{ step: 1, loss: Number.NaN }], summary: {} } }),
      "fail",
      "expectation",
      /^expectation: loss is NaN at step <n>$/,
    ],
    [
      "a harness failure",
      attempt({ infraError: "spawn bash ENOENT" }),
      "infra-error",
      "exit-code",
      /^spawn bash ENOENT$/,
    ],
  ])("%s", (_name, outcome, status, kind, signature) => {
    const verdict = classifyAttempt(outcome, EXPECT);
    expect(verdict.status).toBe(status);
    expect(verdict.failure?.kind ?? null).toBe(kind);
    if (signature) expect(verdict.failure?.signature).toMatch(signature);
  });

  it("blames the package of the innermost frame", () => {
    expect(classifyAttempt(crashing, {}).failure?.blame).toBe("peft");
  });

  it("blames the package of the crash site the fault handler printed", () => {
    const crash = attempt({ exitCode: null, signal: "SIGILL", output: FAULT });
    expect(classifyAttempt(crash, {}).failure?.blame).toBe("crashy");
  });
});

describe("classifyAttempts", () => {
  const pass = { status: "pass" as const, failure: null };
  const fail = { status: "fail" as const, failure: null };
  const timeout = { status: "timeout" as const, failure: null };
  it.each([
    ["pass first time", [pass], "pass", 0],
    ["pass after a fail", [fail, pass], "flaky", 1],
    ["pass after a timeout", [timeout, fail, pass], "flaky", 2],
    ["fail every time", [fail, fail], "fail", 1],
    ["timeout last", [fail, timeout], "timeout", 1],
    ["never ran", [], "infra-error", -1],
  ])("%s -> %s", (_name, verdicts, status, decidedBy) => {
    expect(classifyAttempts(verdicts)).toEqual({ status, decidedBy });
  });
});

describe("buildResult", () => {
  const installed = { peft: "0.13.2", transformers: "4.47.1" };

  it("records a pass with its metrics", () => {
    const record = buildResult({
      variant: "pinned",
      job: "lora",
      expect: EXPECT,
      setup: { status: "ok", installed },
      attempts: [passing],
    });
    expect(record).toEqual({
      variant: "pinned",
      job: "lora",
      status: "pass",
      installed,
      seconds: 2,
      attempts: 1,
      metrics: passing.metrics,
      failure: null,
    });
    expect(resultRecordSchema.parse(record)).toEqual(record);
  });

  it("records a pass after a fail as flaky, keeping the failure", () => {
    const record = buildResult({
      variant: "latest-peft",
      job: "lora",
      expect: EXPECT,
      setup: { status: "ok", installed },
      attempts: [crashing, passing],
    });
    expect(record.status).toBe("flaky");
    expect(record.attempts).toBe(2);
    expect(record.seconds).toBe(4);
    expect(record.failure?.kind).toBe("exception");
    expect(record.metrics).toEqual(passing.metrics);
  });

  it("records a failure with signature, excerpt and blame", () => {
    const record = buildResult({
      variant: "upstream-peft",
      job: "lora",
      expect: {},
      setup: { status: "ok", installed },
      attempts: [crashing, crashing],
    });
    expect(record.status).toBe("fail");
    expect(record.failure).toMatchObject({ kind: "exception", blame: "peft" });
    expect(record.failure?.excerpt).toContain("TypeError: __init__()");
  });

  it.each([
    [
      "install-error",
      {
        status: "install-error" as const,
        excerpt: "× No solution found\n  ╰─▶ Because there is no version of demo==9.9",
      },
      /^install: .*demo==<n>$/,
    ],
    [
      "infra-error",
      { status: "infra-error" as const, message: "python3.99: not found" },
      /^python3.<n>: not found$/,
    ],
  ])("records an environment that could not be made as %s", (status, setup, signature) => {
    const record = buildResult({ variant: "latest-all", job: "lora", expect: EXPECT, setup, attempts: [] });
    expect(record).toMatchObject({ status, attempts: 0, installed: {}, metrics: { steps: [], summary: {} } });
    expect(record.failure?.signature).toMatch(signature);
    expect(resultRecordSchema.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  // The environment's import map names the distribution; `bs4` has no entry in the fallback table,
  // so without the map the blame is the bare import name (what an environment that is gone gets).
  const SOUP_SITE = "/env/lib/python3.11/site-packages/bs4";
  const soupMap = { bs4: ["beautifulsoup4"], soupsieve: ["soupsieve"] };
  it.each<[string, AttemptOutcome]>([
    [
      "a traceback inside it",
      attempt({
        exitCode: 1,
        output: `Traceback (most recent call last):\n  File "/w/train.py", line 2, in <module>\n  File "${SOUP_SITE}/__init__.py", line 9, in parse\nValueError: no parser\n`,
      }),
    ],
    [
      "a name it dropped",
      attempt({
        exitCode: 1,
        output: `Traceback (most recent call last):\n  File "/w/train.py", line 1, in <module>\nImportError: cannot import name 'Tag' from 'bs4.element' (${SOUP_SITE}/element.py)\n`,
      }),
    ],
    [
      "a native crash in it",
      attempt({
        exitCode: null,
        signal: "SIGSEGV",
        output: `Fatal Python error: Segmentation fault\n\nCurrent thread 0x1 (most recent call first):\n  File "${SOUP_SITE}/builder.py", line 3 in feed\n  File "/w/train.py", line 1 in <module>\n`,
      }),
    ],
  ])("blames %s on the distribution the environment's import map names", (_name, failed) => {
    const input = { variant: "latest-all", job: "lora", expect: {}, attempts: [failed] };
    const withMap = buildResult({ ...input, setup: { status: "ok", installed, importNames: soupMap } });
    expect(withMap.failure?.blame).toBe("beautifulsoup4");
    const gone = buildResult({ ...input, setup: { status: "ok", installed } });
    expect(gone.failure?.blame).toBe("bs4");
  });

  it("survives a JSON round trip with a NaN loss", () => {
    const nan = attempt({ metrics: { steps: [{ step: 1, loss: Number.NaN }], summary: {} } });
    const record = buildResult({
      variant: "pinned",
      job: "lora",
      expect: EXPECT,
      setup: { status: "ok", installed },
      attempts: [nan],
    });
    expect(resultRecordSchema.parse(JSON.parse(JSON.stringify(record))).metrics.steps[0]?.loss).toBeNull();
  });
});
