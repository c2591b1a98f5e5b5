import { describe, expect, it } from "vitest";
import { crashFramesOf, crashSignalOf, describeSignal, signalOfSignature } from "./crash-signal.js";

describe("crashSignalOf", () => {
  it.each<[number | null, string | null, string | null]>([
    [null, "SIGILL", "SIGILL"],
    [132, null, "SIGILL"],
    [139, null, "SIGSEGV"],
    [134, null, "SIGABRT"],
    [137, null, null],
    [1, null, null],
    [0, null, null],
    [null, null, null],
  ])("exit %s, signal %s -> %s", (exitCode, signal, name) => {
    expect(crashSignalOf(exitCode, signal)).toBe(name);
  });
});

describe("describeSignal", () => {
  it.each([
    ["SIGILL", "SIGILL (illegal instruction)"],
    ["SIGSEGV", "SIGSEGV (segmentation fault)"],
    ["SIGKILL", "SIGKILL (killed)"],
    ["SIGRTMIN", "SIGRTMIN"],
  ])("%s -> %s", (name, words) => {
    expect(describeSignal(name)).toBe(words);
  });
});

describe("crashFramesOf", () => {
  it("reads the crashing thread's frames, innermost first, and stops at its end", () => {
    const output = [
      "Fatal Python error: Illegal instruction",
      "",
      "Current thread 0x00007f2a1c3b5740 (most recent call first):",
      '  File "/env/site-packages/crashy/__init__.py", line 3 in <module>',
      '  File "<frozen importlib._bootstrap>", line 241 in _call_with_frames_removed',
      '  File "/w/train.py", line 1 in <module>',
      "",
      "Thread 0x00007f2a00000000 (most recent call first):",
      '  File "/w/other.py", line 9 in loop',
    ].join("\n");
    expect(crashFramesOf(output)).toEqual([
      { file: "/env/site-packages/crashy/__init__.py", func: "<module>" },
      { file: "<frozen importlib._bootstrap>", func: "_call_with_frames_removed" },
      { file: "/w/train.py", func: "<module>" },
    ]);
  });

  it("is empty without a fault-handler dump", () => {
    expect(crashFramesOf("Killed\n")).toEqual([]);
  });
});

describe("signalOfSignature", () => {
  it.each([
    ["signal SIGILL: no output", "SIGILL"],
    ["signal SIGSEGV @ a.py:f", "SIGSEGV"],
    ["exit 1: boom", null],
  ])("%s -> %s", (signature, name) => {
    expect(signalOfSignature(signature)).toBe(name);
  });
});
