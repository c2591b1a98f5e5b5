import { describe, expect, it } from "vitest";
import { parseVerdict } from "./parse-verdict.js";

describe("parseVerdict", () => {
  it.each([
    ['{"verdict":"ok","config":null,"reasons":[]}', 0, "ok", []],
    ['log line\n{"verdict":"warn","reasons":["slow"]}', 0, "warn", ["slow"]],
    ['{"verdict":"refuse","reasons":["8-bit needs CUDA"]}', 0, "refuse", ["8-bit needs CUDA"]],
    ["tinytune: error: c.yml: `fp16` and `bf16`", 2, "refuse", ["tinytune: error: c.yml: `fp16` and `bf16`"]],
  ])("%s (exit %i) -> %s", (out, code, verdict, reasons) => {
    const r = parseVerdict(out, code);
    expect(r).toMatchObject({ ok: true, verdict: { verdict, reasons } });
  });
  it("carries a healed config", () => {
    const r = parseVerdict('{"verdict":"heal","config":{"a":1},"reasons":["set a"]}', 0);
    expect(r).toEqual({ ok: true, verdict: { verdict: "heal", config: { a: 1 }, reasons: ["set a"] } });
  });
  it.each([
    ["", 0],
    ["all good", 0],
    ['{"verdict":"maybe"}', 0],
  ])("%j is no verdict", (out, code) => {
    expect(parseVerdict(out, code)).toMatchObject({ ok: false });
  });
});
