import { describe, expect, it } from "vitest";
import { parseDraft, renderDraft } from "./draft-file.js";
import { draftIssue } from "./draft-issue.js";
import { draftInput } from "./fixtures/draft-input.js";

describe("draft files", () => {
  it("round-trips title, body, fingerprint, cell and labels", () => {
    const draft = draftIssue(draftInput());
    const text = renderDraft(draft);
    expect(text.startsWith(`# ${draft.title}\n\n## What broke\n`)).toBe(true);
    expect(parseDraft(text)).toEqual({
      title: draft.title,
      body: `${draft.body}\n`,
      fingerprint: "0123456789abcdef",
      cell: { variant: "upstream-transformers", job: "lora-smoke" },
      labels: draft.labels,
      dashboard: false,
    });
  });

  it.each([
    ["no title line", "body only\n"],
    ["an empty file", ""],
  ])("refuses %s", (_what, text) => {
    expect(() => parseDraft(text)).toThrow(/line 1 must be/);
  });

  it.each([
    [
      "no markers",
      "# t\n\nplain\n",
      { title: "t", body: "plain\n", fingerprint: null, cell: null, labels: [] },
    ],
    [
      "CRLF line ends",
      "# t\r\n\r\nx\r\n<!-- matrix:fingerprint=ab -->\r\n",
      { title: "t", fingerprint: "ab" },
    ],
    [
      "a marker quoted inside a line",
      "# t\n\nsee <!-- matrix:fingerprint=zz --> here\n",
      { fingerprint: null },
    ],
    [
      "the last of two markers",
      "# t\n\n<!-- matrix:cell=a/b -->\n<!-- matrix:cell=c/d -->\n",
      { cell: { variant: "c", job: "d" } },
    ],
  ])("reads %s", (_what, text, expected) => {
    expect(parseDraft(text)).toMatchObject(expected);
  });
});

describe("parseDraft, as the filer reads drafts", () => {
  it("reads a dashboard written with \\r\\n line endings", () => {
    expect(parseDraft("# Dashboard\r\n\r\n<!-- matrix:dashboard -->\r\n")).toMatchObject({
      title: "Dashboard",
      body: "<!-- matrix:dashboard -->\n",
      fingerprint: null,
      cell: null,
      dashboard: true,
    });
  });
});
