import { describe, expect, it } from "vitest";
import { causeOf, cutLine } from "./explain-cause.js";
import type { ResultRecord } from "./result-record.js";

const result = (
  status: ResultRecord["status"],
  excerpt: string,
  kind: "exit-code" | "exception" | "expectation" | "signal" = "exit-code",
  signature = "s",
): ResultRecord => ({
  variant: "latest-all",
  job: "lora",
  status,
  installed: {},
  seconds: 1,
  attempts: 1,
  metrics: { steps: [], summary: {} },
  failure: { kind, signature, excerpt, blame: null },
});

describe("causeOf", () => {
  it.each([
    [
      "a job killed by a signal with no output",
      result("fail", "", "signal", "signal SIGILL: no output"),
      "killed by SIGILL (illegal instruction)",
    ],
    [
      "a job killed by a signal, with the fault handler's crash site",
      result(
        "fail",
        'Fatal Python error: Segmentation fault\n\nCurrent thread 0x00007f2a1c3b5740 (most recent call first):\n  File "/env/lib/python3.11/site-packages/crashy/__init__.py", line 3 in <module>\n  File "/w/train.py", line 1 in <module>',
        "signal",
        "signal SIGSEGV @ __init__.py:<module> < train.py:<module>",
      ),
      "killed by SIGSEGV (segmentation fault) at crashy/__init__.py:<module>",
    ],
    [
      "an empty excerpt falls back to the signature",
      result("fail", "", "exit-code", "exit 3: boom"),
      "exit 3: boom",
    ],
    [
      "the exception line of a traceback, not its header",
      result(
        "fail",
        "Traceback (most recent call last):\n  File \"t.py\", line 3, in <module>\n    import peft\nModuleNotFoundError: No module named 'peft'",
        "exception",
      ),
      "ModuleNotFoundError: No module named 'peft'",
    ],
    [
      "a dotted exception type with no message",
      result(
        "fail",
        'Traceback (most recent call last):\n  File "x"\ntorch.cuda.OutOfMemoryError',
        "exception",
      ),
      "torch.cuda.OutOfMemoryError",
    ],
    [
      "uv's explanation, not its headline",
      result(
        "install-error",
        "  × No solution found when resolving dependencies:\n  ╰─▶ Because there is no version of fakedata==0.9.9 and you require fakedata==0.9.9, we can conclude that your requirements are unsatisfiable.",
      ),
      "Because there is no version of fakedata==0.9.9 and you require fakedata==0.9.9",
    ],
    [
      "uv's explanation as it logs it (no terminal)",
      result(
        "install-error",
        "error: No solution found when resolving dependencies\n  cause: Because there is no version of huggingface-hub==0.0.999 and you require huggingface-hub==0.0.999, we can conclude that your requirements are unsatisfiable.",
      ),
      "Because there is no version of huggingface-hub==0.0.999 and you require huggingface-hub==0.0.999",
    ],
    [
      "pip's refusal",
      result(
        "install-error",
        "Collecting x\nERROR: Could not find a version that satisfies the requirement fakedata==0.9.9\nERROR: No matching distribution found for fakedata==0.9.9",
      ),
      "Could not find a version that satisfies the requirement fakedata==0.9.9",
    ],
    [
      "a folder pip cannot install",
      result(
        "install-error",
        "error: /work/app does not appear to be a Python project, as neither `pyproject.toml` nor `setup.py` are present in the directory",
      ),
      "not a Python project: /work/app does not appear to be a Python project, as neither `pyproject.toml` nor `setup.py` are present in the directory",
    ],
    [
      "an unreachable upstream, its URL once",
      result(
        "infra-error",
        "not resolved: peft: cannot reach upstream https://github.com/huggingface/peft.git (git ls-remote: fatal: unable to access 'https://github.com/huggingface/peft.git/': Could not resolve host: github.com)",
      ),
      "not resolved: peft: cannot reach upstream https://github.com/huggingface/peft.git (git ls-remote: Could not resolve host: github.com)",
    ],
    [
      "an unmet expectation",
      result("fail", "loss did not fall by 5% (2.71 -> 2.70)", "expectation"),
      "loss did not fall by 5% (2.71 -> 2.70)",
    ],
    [
      "the last words of a plain non-zero exit",
      result("fail", "step 1\nstep 2\nout of disk space\n"),
      "out of disk space",
    ],
  ])("%s", (_what, r, cause) => {
    expect(causeOf(r)).toBe(cause);
  });

  it("is empty for a pass", () => {
    expect(causeOf({ ...result("pass", ""), failure: null })).toBe("");
  });
});

describe("cutLine", () => {
  it.each([
    ["short text as is", "ValueError: bad", 40, "ValueError: bad"],
    [
      "a long URL down to its host, the reason kept",
      "cannot reach upstream https://github.com/huggingface/huggingface_hub.git (Could not resolve host: github.com)",
      80,
      "cannot reach upstream https://github.com/… (Could not resolve host: github.com)",
    ],
    [
      "the middle of a long message, keeping the exception type and the end",
      `RuntimeError: ${"x".repeat(100)} the end`,
      40,
      `RuntimeError: …${"x".repeat(17)} the end`,
    ],
    [
      "the middle, the kept end starting at a word, not inside one",
      "Because there is no version of transformers==9.9.9 and peft==0.21.1 depends on transformers>=9.9.9, peft==0.21.1 cannot be used",
      70,
      "…depends on transformers>=9.9.9, peft==0.21.1 cannot be used",
    ],
  ])("cuts %s", (_what, text, max, cut) => {
    const out = cutLine(text, max);
    expect(out).toBe(cut);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});
