import { describe, expect, it } from "vitest";
import { draftIssue, titleOf } from "./draft-issue.js";
import {
  bisectRecord,
  draftInput,
  REPO,
  REQUIREMENTS,
  reproductionLines,
  SHA_TIP,
  TRACEBACK,
  withExcerpt,
} from "./fixtures/draft-input.js";
import { requirementLinesOf } from "./reproduction-section.js";

const MARKERS = [
  "<!-- matrix:fingerprint=0123456789abcdef -->",
  "<!-- matrix:cell=upstream-transformers/lora-smoke -->",
  "<!-- matrix:labels=matrix,upstream-breakage,pkg:transformers -->",
].join("\n");

/** The fixture failing an expectation instead of raising. */
function expectationInput(excerpt: string) {
  const input = withExcerpt(excerpt);
  const failure = { kind: "expectation" as const, signature: "expectation: x", excerpt, blame: null };
  return { ...input, result: input.result && { ...input.result, failure } };
}

describe("draftIssue", () => {
  it("drafts every section, the reproduction and environment, and the markers last", () => {
    const draft = draftIssue(draftInput());
    expect(draft.title).toBe(
      `[matrix] transformers main@${SHA_TIP.slice(0, 12)} breaks lora-smoke: TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'`,
    );
    expect(draft.fingerprint).toBe("0123456789abcdef");
    expect(draft.labels).toEqual(["matrix", "upstream-breakage", "pkg:transformers"]);
    const body = draft.body;
    const headings = [...body.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      "What broke",
      "First bad commit",
      "Reproduction",
      "Environment",
      "Failure excerpt",
    ]);
    expect(reproductionLines(body)).toEqual(requirementLinesOf(REQUIREMENTS));
    expect(reproductionLines(body)).toContain(`transformers @ git+${REPO}@${SHA_TIP}`);
    expect(body).toContain("python -m venv .venv && . .venv/bin/activate\n");
    expect(body).toContain("pip install --no-deps .\ncd examples\n");
    expect(body).toContain("python -m axolotl.cli.train smoke.yml\n```");
    expect(body).toContain("| torch | `2.5.1+cu124` (CUDA 12.4) |");
    expect(body).toContain("| GPUs | `NVIDIA H100 80GB HBM3` |");
    expect(body).toContain(
      `| \`transformers\` | \`transformers==4.47.1\` | \`main@cccccccccccc\` | \`${SHA_TIP}\` |`,
    );
    expect(body).toContain(`\`\`\`text\n${TRACEBACK}\n\`\`\``);
    expect(body).toContain(
      "<details><summary>Bisect log of transformers: 8 steps in 7 rounds over 64 candidates</summary>",
    );
    // A pipe from a resolver's message must not split the row.
    expect(body).toContain("| `dddddddddddd` | skip | `untestable: no wheel \\| build failed` | 1.0 |");
    expect(body.endsWith(MARKERS)).toBe(true);
  });

  it.each([
    ["an exception", withExcerpt(TRACEBACK, "exception"), "TypeError: Trainer.__init__() got an unexpected"],
    [
      "an unmet expectation",
      expectationInput("loss_decreases 0.5: loss went from 4 to 4"),
      "breaks lora-smoke: loss_decreases 0.5: loss went from 4 to 4",
    ],
    [
      "a timeout",
      { ...draftInput(), regression: { ...draftInput().regression, status: "timeout" } },
      ": timed out",
    ],
    [
      "no culprit, by its variant",
      { ...draftInput(), regression: { ...draftInput().regression, culprits: [], culprit: null } },
      "[matrix] upstream-transformers breaks lora-smoke: TypeError",
    ],
    [
      "no result, by the signature",
      { ...draftInput(), result: null },
      "lora-smoke: TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'",
    ],
  ])("titles %s", (_what, input, text) => {
    expect(titleOf(input)).toContain(text);
  });

  it("keeps a title under 200 characters", () => {
    const title = titleOf(withExcerpt(`${TRACEBACK}${"x".repeat(500)}`, "exception"));
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title.endsWith("…")).toBe(true);
  });

  it("cuts a huge excerpt and log to fit 65,536 characters, keeping head, tail and the markers", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${"y".repeat(20)}`);
    const excerpt = `${TRACEBACK}\n${lines.join("\n")}\nRuntimeError: the very end`;
    const log = Array.from({ length: 3_000 }, (_, i) => ({
      ref: `${i}`.padStart(40, "0"),
      verdict: "skip",
      reason: "untestable",
      detail: "z".repeat(200),
      seconds: 1,
    }));
    const draft = draftIssue({ ...withExcerpt(excerpt, "exception"), bisect: bisectRecord({ log }) });
    expect(excerpt.length + log.length * 200).toBeGreaterThan(65_536 * 4);
    expect(draft.body.length).toBeLessThanOrEqual(65_536);
    expect(draft.body.length).toBeGreaterThan(60_000);
    expect(draft.body).toContain("Traceback (most recent call last):");
    expect(draft.body).toContain("RuntimeError: the very end");
    expect(draft.body).toMatch(/\[\.\.\. [\d,]+ characters \(\d+ lines\) cut to fit GitHub's limit \.\.\.\]/);
    expect(draft.body).toMatch(/\| … \| … \| \d+ steps cut to fit GitHub's limit \| … \|/);
    expect(draft.body.endsWith(MARKERS)).toBe(true);
    expect(reproductionLines(draft.body)).toEqual(requirementLinesOf(REQUIREMENTS));
  });

  it("fences an excerpt that holds fences with a longer fence", () => {
    const excerpt = "model card:\n```python\nprint('hi')\n```\n````\nend";
    const draft = draftIssue(withExcerpt(excerpt));
    expect(draft.body).toContain(`\`\`\`\`\`text\n${excerpt}\n\`\`\`\`\``);
  });

  it("measures the body after the redactor it is written through", () => {
    const grow = (text: string) => text.replace(/y/g, "yy");
    const draft = draftIssue(withExcerpt("y".repeat(100_000)), { redact: grow });
    expect(draft.body.length).toBeLessThanOrEqual(65_536);
    expect(draft.body).toContain("yyyy");
    expect(draft.body.endsWith(MARKERS)).toBe(true);
  });
});
