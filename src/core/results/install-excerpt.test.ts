import { describe, expect, it } from "vitest";
import { excerptInstallError, installReasonOf, isNetworkFailure } from "./install-excerpt.js";

const UV = `Using Python 3.11.7 environment at: /cache/envs/abc
  \x1b[31m×\x1b[0m No solution found when resolving dependencies:
  ╰─▶ Because there is no version of demo-pkg==9.9 and you require demo-pkg==9.9, we can conclude that your
      requirements are unsatisfiable.
`;

const PIP = `Looking in indexes: http://127.0.0.1:4000/simple
Collecting demo-pkg==9.9 (from -r req.txt (line 1))
ERROR: Could not find a version that satisfies the requirement demo-pkg==9.9 (from versions: 1.0)
ERROR: No matching distribution found for demo-pkg==9.9
`;

describe("excerptInstallError", () => {
  it.each([
    [
      "uv's resolver report",
      UV,
      "  × No solution found when resolving dependencies:\n  ╰─▶ Because there is no version of demo-pkg==9.9 and you require demo-pkg==9.9, we can conclude that your\n      requirements are unsatisfiable.",
    ],
    [
      "pip's ERROR lines",
      PIP,
      "ERROR: Could not find a version that satisfies the requirement demo-pkg==9.9 (from versions: 1.0)\nERROR: No matching distribution found for demo-pkg==9.9",
    ],
    [
      "uv's error line",
      "Resolved 3 packages\nerror: Failed to fetch: `http://127.0.0.1:1/simple/x/`\n  Caused by: Connection refused",
      "error: Failed to fetch: `http://127.0.0.1:1/simple/x/`\n  Caused by: Connection refused",
    ],
    ["the tail otherwise", "a\n\nb\nc", "a\nb\nc"],
  ])("keeps %s", (_name, output, excerpt) => {
    expect(excerptInstallError(output)).toBe(excerpt);
  });
});

describe("isNetworkFailure", () => {
  it.each([
    ["error: Failed to fetch: `http://x`\n  Caused by: Connection refused", true],
    ["ERROR: No matching distribution found for demo-pkg==9.9", false],
  ])("%s -> %s", (excerpt, network) => {
    expect(isNetworkFailure(excerpt)).toBe(network);
  });
});

describe("installReasonOf", () => {
  it.each([
    [
      "  × No solution found when resolving dependencies:\n  ╰─▶ Because fakemissing was not found in the package registry and fakeformers==1.3.0.dev0 depends on fakemissing>=1, we can conclude that fakeformers==1.3.0.dev0 cannot be used.\n      And because only fakeformers==1.3.0.dev0 is available and you require fakeformers, we can conclude that your requirements are unsatisfiable.\n",
      "Because fakemissing was not found in the package registry and fakeformers==1.3.0.dev0 depends on fakemissing>=1, we can conclude that fakeformers==1.3.0.dev0 cannot be used.",
    ],
    [
      "error: No solution found when resolving dependencies\n  cause: Because fakemissing was not found in the package registry and you require fakemissing>=1, we can conclude that your requirements are unsatisfiable.\n",
      "Because fakemissing was not found in the package registry and you require fakemissing>=1",
    ],
    [
      "  × Failed to build `/tmp/src`\n  ├─▶ The build backend returned an error\n  ╰─▶ Call to `_backend.build_wheel` failed (exit status: 1)\n\n      [stderr]\n      RuntimeError: generated sources missing: run make codegen first\n\n      hint: This usually indicates a problem with the package or the build environment.\n",
      "RuntimeError: generated sources missing: run make codegen first",
    ],
    [
      "ERROR: No matching distribution found for fakedata==0.9.9\n",
      "ERROR: No matching distribution found for fakedata==0.9.9",
    ],
  ])("%#", (output, reason) => {
    expect(installReasonOf(output)).toBe(reason);
  });
});
