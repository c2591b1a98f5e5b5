import { describe, expect, it } from "vitest";
import { parseMetrics } from "./parse-metrics.js";

describe("parseMetrics", () => {
  it("splits step records from summary lines, merging summaries in order", () => {
    const text = [
      '{"step": 1, "loss": 3.2}',
      '{"peak_memory_mb": 800}',
      '{"step": 2, "loss": 2.9, "lr": 0.0001}',
      '{"peak_memory_mb": 812, "tokens_per_s": 950}',
    ].join("\n");
    expect(parseMetrics(text)).toEqual({
      steps: [
        { step: 1, loss: 3.2 },
        { step: 2, loss: 2.9, lr: 0.0001 },
      ],
      summary: { peak_memory_mb: 812, tokens_per_s: 950 },
    });
  });

  it.each<[string, string, number]>([
    ["NaN", '{"step": 4, "loss": NaN}', Number.NaN],
    ["Infinity", '{"step": 4, "loss": Infinity}', Number.POSITIVE_INFINITY],
    ["-Infinity", '{"step": 4, "loss": -Infinity}', Number.NEGATIVE_INFINITY],
  ])("reads a bare %s token as a number", (_name, line, value) => {
    expect(parseMetrics(line).steps[0]?.loss).toBe(value);
  });

  it("leaves NaN inside strings alone", () => {
    expect(parseMetrics('{"note": "loss was NaN \\" Infinity"}').summary).toEqual({
      note: 'loss was NaN " Infinity',
    });
  });

  it.each<[string, string]>([
    ["a torn last line", '{"step": 1, "loss": 3}\n{"step": 2, "lo'],
    ["blank and CRLF lines", '\r\n{"step": 1, "loss": 3}\r\n\r\n'],
    ["non-object JSON", '[1,2]\n42\n{"step": 1, "loss": 3}\n"text"'],
    ["log noise", 'Epoch 1/3\n{"step": 1, "loss": 3}\nnot json {'],
  ])("tolerates %s", (_name, text) => {
    expect(parseMetrics(text)).toEqual({ steps: [{ step: 1, loss: 3 }], summary: {} });
  });

  it("treats a non-numeric step as a summary key", () => {
    expect(parseMetrics('{"step": "warmup", "lr": 0.1}')).toEqual({
      steps: [],
      summary: { step: "warmup", lr: 0.1 },
    });
  });
});
