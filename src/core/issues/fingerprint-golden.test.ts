/**
 * Golden fingerprints. A fingerprint is how a breakage finds its open issue, its history and its
 * expected-failure entry: if a refactor of the signature, the normaliser, the excerpt or the hash
 * changes one, every open breakage silently opens a second issue. Each case goes the whole way
 * (raw job output -> result record -> triage -> fingerprint), and the values are literals: a change
 * here must be deliberate, and then it needs a migration note, not a new literal.
 */
import { describe, expect, it } from "vitest";
import { knobIds } from "../knobs/knob-id.js";
import { type AttemptOutcome, buildResult } from "../results/build-result.js";
import { excerptInstallError } from "../results/install-excerpt.js";
import { triageRun } from "../triage/triage-run.js";

const BACKWARD = "TypeError: backward() got an unexpected keyword argument 'num_items_in_batch' at <addr>";
const noMetrics = { steps: [], summary: {} };

function attempt(over: Partial<AttemptOutcome>): AttemptOutcome {
  return {
    exitCode: 1,
    signal: null,
    timedOut: false,
    seconds: 12.5,
    output: "",
    metrics: noMetrics,
    ...over,
  };
}

const INSTALL_LOG = [
  "Resolved 12 packages in 48ms",
  "   Building bitsandbytes @ file:///tmp/matrix-build-7f3a/bitsandbytes",
  "  × Failed to build `bitsandbytes @ file:///tmp/matrix-build-7f3a/bitsandbytes`",
  "  ├─▶ The build backend returned an error",
  "  ╰─▶ Call to `scikit_build_core.build.build_wheel` failed (exit status: 1)",
  "      [stderr]",
  "      CMake Error at CMakeLists.txt:42 (message):",
  "        CUDA toolkit 12.4 not found in /usr/local/cuda-12.4",
].join("\n");

const IMPORT_OUTPUT = [
  "Traceback (most recent call last):",
  '  File "/home/runner/work/wrapper/train.py", line 3, in <module>',
  "    from wrapper.trainer import train",
  '  File "/home/runner/work/wrapper/wrapper/trainer.py", line 7, in <module>',
  "    import bs4",
  "ModuleNotFoundError: No module named 'bs4'",
].join("\n");

const TRACEBACK_OUTPUT = [
  "step 1 loss 2.31",
  "Traceback (most recent call last):",
  '  File "/tmp/venv-1a2b/lib/python3.11/site-packages/wrapper/cli.py", line 88, in main',
  "    trainer.train()",
  '  File "/tmp/venv-1a2b/lib/python3.11/site-packages/transformers/trainer.py", line 2241, in train',
  "    return inner_training_loop(args)",
  '  File "/tmp/venv-1a2b/lib/python3.11/site-packages/transformers/trainer.py", line 2560, in _inner_training_loop',
  "    self.accelerator.backward(loss, **kwargs)",
  '  File "/tmp/venv-1a2b/lib/python3.11/site-packages/accelerate/accelerator.py", line 2196, in backward',
  "    loss.backward(**kwargs)",
  "TypeError: backward() got an unexpected keyword argument 'num_items_in_batch' at 0x7f3a9c0d2e10",
].join("\n");

const LOSS_METRICS = {
  steps: [
    { step: 1, loss: 2.5 },
    { step: 10, loss: 2.49 },
  ],
  summary: {},
};

const variants = [
  { name: "pinned", kind: "pinned" as const, packages: [] },
  { name: "latest-bitsandbytes", kind: "latest" as const, packages: ["bitsandbytes"] },
  { name: "latest-all", kind: "latest" as const, packages: ["transformers", "accelerate", "peft"] },
  { name: "latest-transformers", kind: "latest" as const, packages: ["transformers"] },
  { name: "upstream-peft", kind: "upstream" as const, packages: ["peft"] },
];

const knobCell = `lora-smoke--${
  knobIds(
    [
      { name: "gradient_checkpointing", values: [true, false] },
      { name: "bf16", values: [true] },
    ],
    [{ gradient_checkpointing: true, bf16: true }],
  )[0]
}`;

/** The failing results of one night, each built from raw output the way the night builds it. */
const results = [
  buildResult({
    variant: "latest-bitsandbytes",
    job: "qlora-smoke",
    expect: {},
    setup: { status: "install-error", excerpt: excerptInstallError(INSTALL_LOG) },
    attempts: [],
  }),
  buildResult({
    variant: "latest-all",
    job: "lora-smoke",
    expect: {},
    setup: { status: "ok", installed: {} },
    attempts: [attempt({ output: IMPORT_OUTPUT })],
  }),
  buildResult({
    variant: "latest-all",
    job: "full-smoke",
    expect: {},
    setup: { status: "ok", installed: {} },
    attempts: [attempt({ output: TRACEBACK_OUTPUT })],
  }),
  buildResult({
    variant: "latest-transformers",
    job: "lora-smoke",
    expect: { loss_decreases: 0.1 },
    setup: { status: "ok", installed: {} },
    attempts: [attempt({ exitCode: 0, metrics: LOSS_METRICS })],
  }),
  buildResult({
    variant: "upstream-peft",
    job: "lora-smoke",
    expect: {},
    setup: { status: "ok", installed: {} },
    attempts: [
      attempt({ exitCode: null, signal: "SIGTERM", timedOut: true, seconds: 600, output: "step 3" }),
    ],
  }),
  buildResult({
    variant: "latest-transformers",
    job: knobCell,
    expect: {},
    setup: { status: "ok", installed: {} },
    attempts: [attempt({ output: TRACEBACK_OUTPUT })],
  }),
];

describe("golden fingerprints", () => {
  const regressions = triageRun(results, variants).regressions;
  const byKey = new Map(regressions.map((r) => [`${r.variant} ${r.job}`, r]));

  it.each([
    [
      "install",
      "latest-bitsandbytes qlora-smoke",
      ["bitsandbytes"],
      "install: [stderr] | CMake Error at CMakeLists.txt:<n> (message): | CUDA toolkit <n> not found in <path>",
      "52a98aced20e0252",
    ],
    [
      "import",
      "latest-all lora-smoke",
      [],
      "ModuleNotFoundError: No module named 'bs4' @ trainer.py:<module> < train.py:<module>",
      "37ffd8ac7f26e1b9",
    ],
    [
      "traceback",
      "latest-all full-smoke",
      ["accelerate"],
      `${BACKWARD} @ accelerator.py:backward < trainer.py:_inner_training_loop < trainer.py:train`,
      "730b49566958e140",
    ],
    [
      "loss",
      "latest-transformers lora-smoke",
      ["transformers"],
      // Changed once, on purpose, when loss_decreases moved from the last step against the first to
      // the ends of a least-squares fit (issue 21.6): a loss breakage filed before then is closed
      // as gone and filed again under this fingerprint. Any other change here is a bug.
      "expectation: loss_decreases <n>: fitted loss <n> at the end > <n> (<n> at the start x <n>; least squares over steps <n>-<n>, <n> losses)",
      "20d55caa515ddda8",
    ],
    ["timeout", "upstream-peft lora-smoke", ["peft"], "timeout", "e57cf8f5a272317f"],
    [
      "knob combination",
      "latest-transformers lora-smoke--gc-b",
      ["transformers"],
      `${BACKWARD} @ accelerator.py:backward < trainer.py:_inner_training_loop < trainer.py:train`,
      "212bf114215cfc61",
    ],
  ])("%s: %s keeps its signature and fingerprint", (_kind, key, culprits, signature, fingerprint) => {
    const regression = byKey.get(key);
    expect(regression?.culprits).toEqual(culprits);
    expect(regression?.signature).toBe(signature);
    expect(regression?.fingerprint).toBe(fingerprint);
  });

  it("covers every failure of the night, each with its own fingerprint", () => {
    expect(regressions).toHaveLength(results.length);
    expect(new Set(regressions.map((r) => r.fingerprint)).size).toBe(results.length);
  });
});
