import { describe, expect, it } from "vitest";
import { type Cell, expectedEntry, nightSummary } from "../../../test/support/night-summary.js";
import { decideGate } from "./decide-gate.js";
import { gateSummarySchema } from "./gate-summary.js";
import { escapeCell, renderGate, statusText } from "./render-gate.js";

const render = (cells: Cell[], opts: Parameters<typeof nightSummary>[1] = {}, blockOn: string[] = []) => {
  const summary = gateSummarySchema.parse(nightSummary(cells, opts));
  return renderGate(summary, decideGate(summary, { blockOn, jobs: [] }));
};

describe("statusText", () => {
  it.each([
    ["pass", "✅ pass"],
    ["fail", "❌ fail"],
    ["flaky", "⚠️ flaky"],
    ["timeout", "🕒 timeout"],
    ["install-error", "📦 install-error"],
    ["unsatisfiable", "🚫 unsatisfiable"],
    ["infra-error", "☁️ infra-error"],
  ])("%s -> %s", (status, text) => {
    expect(statusText(status)).toBe(text);
  });
});

describe("renderGate", () => {
  it("draws variants x jobs with a symbol and the word, culprits, and the breakages below", () => {
    const md = render([
      ["pinned", "smoke", "pass"],
      ["pinned", "qlora", "flaky"],
      ["latest-peft", "smoke", "fail", "peft"],
      ["latest-peft", "qlora", "pass"],
      ["upstream-peft", "smoke", "infra-error"],
      ["upstream-peft", "qlora", "unsatisfiable"],
    ]);
    expect(md).toContain("## ✅ Release gate passes (20260315-020000-abcd)");
    expect(md).toContain(
      [
        "| variant | smoke | qlora |",
        "| --- | --- | --- |",
        "| pinned | ✅ pass | ⚠️ flaky |",
        "| latest-peft | ❌ fail: peft | ✅ pass |",
        "| upstream-peft | ☁️ infra-error | 🚫 unsatisfiable |",
      ].join("\n"),
    );
    expect(md).toContain("| gate | variant | job | status | culprit | first bad | issue | detail |");
    expect(md).toMatch(
      /^\| warns \| latest-peft \| smoke \| ❌ fail \| peft \| — \| — \| TypeError: Trainer/m,
    );
  });

  it("heads a blocked release with its reasons and marks the blocking cells", () => {
    const md = render([
      ["pinned", "smoke", "timeout"],
      ["latest-all", "smoke", "install-error"],
    ]);
    expect(md).toMatch(
      /^## ❌ Release blocked \(20260315-020000-abcd\)\n\n1 of 2 cells tried: the others could not be installed or reached\.\n\n- pinned \/ smoke: timeout/,
    );
    expect(md).toContain("| pinned | 🕒 timeout (blocks) |");
    expect(md).toContain("| latest-all | 📦 install-error |");
  });

  it("shows an expected breakage as expected, with its reason and link", () => {
    const entries = [expectedEntry({ package: "peft", reason: "LoRA-FA gone", link: "https://x/issues/3" })];
    const md = render(
      [
        ["pinned", "smoke", "pass"],
        ["latest-peft", "smoke", "fail", "peft"],
      ],
      { entries },
    );
    expect(md).toContain("| latest-peft | ❌ fail (expected: LoRA-FA gone) |");
    expect(md).toContain(
      "| expected | latest-peft | smoke | ❌ fail | peft | — | [issue](https://x/issues/3) |",
    );
  });

  it("asks for the entries that expired or went stale to be edited", () => {
    const entries = [
      expectedEntry({ package: "peft", until: "2026-01-31" }),
      expectedEntry({ index: 1, fingerprint: "0123456789abcdef" }),
    ];
    const md = render(
      [
        ["pinned", "smoke", "pass"],
        ["latest-peft", "smoke", "fail", "peft"],
      ],
      { entries },
    );
    expect(md).toContain(
      "- ⏰ `expected[0]` (peft / smoke) expired after 2026-01-31: it covers nothing any more",
    );
    expect(md).toContain("- 🧹 `expected[1]` (0123456789abcdef / smoke) matched nothing tonight");
  });

  it("keeps a cell's pipes and line breaks from breaking the row", () => {
    expect(escapeCell("a | b\nc")).toBe("a \\| b c");
  });
});
