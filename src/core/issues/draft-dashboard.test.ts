import { describe, expect, it } from "vitest";
import { draftDashboard, groupByFingerprint } from "./draft-dashboard.js";
import { parseDraft, renderDraft } from "./draft-file.js";
import type { IssueRegression } from "./issue-records.js";

function regression(overrides: Partial<IssueRegression> = {}): IssueRegression {
  return {
    variant: "latest-transformers",
    job: "lora-smoke",
    status: "fail",
    signature: "TypeError: x",
    culprits: ["transformers"],
    culprit: "transformers",
    evidence: "only-package-moved",
    cleared: [],
    fingerprint: "1111111111111111",
    bisect: {
      package: "transformers",
      job: "lora-smoke",
      variant: "latest-transformers",
      status: "found",
      first_bad: "4.48.0",
      title: "transformers 4.48.0",
    },
    ...overrides,
  };
}

const expected = regression({
  variant: "upstream-bitsandbytes",
  culprits: ["bitsandbytes"],
  culprit: "bitsandbytes",
  fingerprint: "2222222222222222",
  bisect: undefined,
  expected: { reason: "bnb main drops CUDA 11 | see #1", until: "2025-03-01" },
});

describe("draftDashboard", () => {
  it("tables the current breakages once per fingerprint and lists the expected ones apart", () => {
    const { title, body } = draftDashboard({
      runId: "20250101-020304-ab12",
      blocked: false,
      blockers: [],
      regressions: [regression(), regression({ variant: "latest-all" }), expected],
      issues: { "1111111111111111": "https://github.com/o/r/issues/7" },
      untried: [{ variant: "upstream-peft", job: "lora-smoke", status: "infra-error" }],
    });
    expect(title).toBe("[matrix] Dependency dashboard");
    expect(body).toContain("**Release gate: open.**");
    expect(body).toContain("Run `20250101-020304-ab12`.");
    expect(body).toContain("## Current breakages (1)");
    expect(body).toContain(
      "| `transformers` | `lora-smoke` | `latest-transformers`, `latest-all` | `4.48.0` | https://github.com/o/r/issues/7 | `fail` |",
    );
    expect(body).toContain("## Expected (1)");
    expect(body).toContain(
      "| `bitsandbytes` | `lora-smoke` | `upstream-bitsandbytes` | `bnb main drops CUDA 11 \\| see #1` | `2025-03-01` | draft `2222222222222222` |",
    );
    expect(body).toContain("- `upstream-peft/lora-smoke`: `infra-error`");
    expect(body.endsWith("<!-- matrix:run=20250101-020304-ab12 -->\n<!-- matrix:dashboard -->")).toBe(true);
    expect(parseDraft(renderDraft({ title, body }))).toMatchObject({ dashboard: true, fingerprint: null });
  });

  it.each([
    ["new", "`20250101-020304-ab12` **new**"],
    ["ongoing", "`20250101-020304-ab12`"],
    ["reappeared", "`20250101-020304-ab12` (came back)"],
  ])("says since when a %s breakage is red, as the history tells", (state, cell) => {
    const lifecycle = {
      state,
      since: "20250101-020304-ab12",
      nights_red: 1,
      first_seen: "20241201-020304-ab12",
    };
    const { body } = draftDashboard({
      runId: "r",
      blocked: false,
      blockers: [],
      regressions: [regression({ lifecycle })],
    });
    expect(body).toContain("| package(s) | job | variant(s) | red since | first bad | issue | status |");
    expect(body).toContain(`| \`latest-transformers\` | ${cell} | \`4.48.0\` |`);
  });

  it.each([
    [
      "blocked",
      { blocked: true, blockers: [{ variant: "pinned", job: "lora-smoke", status: "fail" }] },
      "**Release gate: BLOCKED.** The pinned requirements fail: `pinned/lora-smoke` (fail).",
    ],
    [
      "open with nothing broken",
      { blocked: false, blockers: [] },
      "None: every cell the night planned was tried, and every upstream variant passes.",
    ],
    [
      "open, nothing broken, everything tried",
      { blocked: false, blockers: [], coverage: { tried: 26, planned: 26 } },
      "Run `r`: 26 of 26 cells tried.",
    ],
    [
      "open, nothing broken among the few cells that ran",
      { blocked: false, blockers: [], coverage: { tried: 2, planned: 26 } },
      "Run `r`: 2 of 26 cells tried.\n\n## Current breakages (0)\n\nNone among the cells that ran; the others were not tried (listed below).",
    ],
  ])("states the gate: %s", (_what, gate, text) => {
    const { body } = draftDashboard({ runId: "r", regressions: [], ...gate });
    expect(body).toContain(text);
  });

  it.each([
    [
      "a commit, cut to 12",
      { first_bad: "b".repeat(40), title: "Drop x (#102)" },
      "`bbbbbbbbbbbb` `Drop x (#102)`",
    ],
    [
      "a status without first bad",
      { first_bad: null, title: null, status: "not-reproduced" },
      "`not-reproduced`",
    ],
  ])("shows the first bad: %s", (_what, bisect, cell) => {
    const r = regression();
    const { body } = draftDashboard({
      runId: "r",
      blocked: false,
      blockers: [],
      regressions: [regression({ bisect: { ...(r.bisect as NonNullable<typeof r.bisect>), ...bisect } })],
    });
    expect(body).toContain(`| ${cell} |`);
  });

  it("drops rows past GitHub's limit and says how many", () => {
    const many = Array.from({ length: 2_000 }, (_, i) =>
      regression({ fingerprint: `${i}`.padStart(16, "0"), signature: `E${i}` }),
    );
    const { body } = draftDashboard({ runId: "r", blocked: false, blockers: [], regressions: many }, 20_000);
    expect(body.length).toBeLessThanOrEqual(20_000);
    expect(body).toMatch(/\d+ more not shown\./);
    expect(body.endsWith("<!-- matrix:dashboard -->")).toBe(true);
  });

  it("groups by fingerprint in first-seen order", () => {
    const groups = groupByFingerprint([
      regression(),
      regression({ fingerprint: "3" }),
      regression({ variant: "x" }),
    ]);
    expect(groups.map((g) => g.variants)).toEqual([["latest-transformers", "x"], ["latest-transformers"]]);
  });
});
