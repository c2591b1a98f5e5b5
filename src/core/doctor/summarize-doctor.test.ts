import { describe, expect, it } from "vitest";
import { type DoctorCheck, describeToken, summarizeDoctor, wantsGpu } from "./summarize-doctor.js";

const check = (over: Partial<DoctorCheck>): DoctorCheck => ({
  name: "python",
  status: "ok",
  detail: "3.11.7",
  needed: true,
  ...over,
});

describe("summarizeDoctor", () => {
  it.each([
    ["all ok", [check({})], 0, "this machine can run the matrix"],
    [
      "an optional thing absent",
      [check({}), check({ name: "token", status: "missing", needed: false })],
      0,
      "can run",
    ],
    [
      "a needed thing missing",
      [check({ name: "git", status: "missing" })],
      3,
      "1 thing the matrix needs is missing (git)",
    ],
    [
      "two needed things missing",
      [check({ name: "git", status: "missing" }), check({ name: "gpu", status: "missing" })],
      3,
      "2 things the matrix needs are missing (git, gpu)",
    ],
  ])("%s -> exit %i", (_what, checks, exitCode, last) => {
    const summary = summarizeDoctor(checks);
    expect(summary.exitCode).toBe(exitCode);
    expect(summary.lines.at(-1)).toContain(last);
    expect(summary.lines).toHaveLength(checks.length + 1);
  });

  it("labels each line by status and need, aligned", () => {
    const { lines } = summarizeDoctor([
      check({}),
      check({ name: "uv", status: "note", detail: "pip is used" }),
      check({ name: "upstream", status: "missing", detail: "x unreachable" }),
      check({ name: "token", status: "missing", needed: false, detail: "not set" }),
    ]);
    expect(lines.slice(0, 4)).toEqual([
      "ok      python    3.11.7",
      "note    uv        pip is used",
      "MISSING upstream  x unreachable",
      "absent  token     not set",
    ]);
  });
});

describe("wantsGpu", () => {
  it.each([
    [["self-hosted", "linux", "gpu"], true],
    [["ubuntu-latest"], false],
    [["cuda-12"], true],
  ])("%j -> %s", (labels, gpu) => {
    expect(wantsGpu(labels)).toBe(gpu);
  });
});

describe("describeToken", () => {
  it.each([
    [200, "repo, workflow", "ok", "scopes: repo, workflow"],
    [200, null, "ok", "without classic scopes"],
    [401, null, "missing", "rejects it (401)"],
  ])("HTTP %i scopes %s -> %s", (status, scopes, verdict, detail) => {
    const d = describeToken(status, scopes);
    expect(d.status).toBe(verdict);
    expect(d.detail).toContain(detail);
  });
});
