import { describe, expect, it } from "vitest";
import type { TrackedIssue } from "./filing-model.js";
import {
  composeDashboard,
  type DashboardEntry,
  DEFAULT_DASHBOARD_TITLE,
  findDashboard,
  planDashboard,
} from "./plan-dashboard.js";

const entry = (
  fp: string,
  cell: string,
  issue: number | null,
  upstream: string | null = null,
): DashboardEntry => ({
  fingerprint: fp,
  title: `breaks ${fp}`,
  cell,
  issue: issue === null ? null : { number: issue, url: `https://github.com/acme/trainer/issues/${issue}` },
  upstream: upstream ? { url: upstream } : null,
});
const issue = (number: number, body: string, state: "open" | "closed" = "open"): TrackedIssue => ({
  number,
  url: `https://github.com/acme/trainer/issues/${number}`,
  state,
  stateReason: null,
  title: "Dashboard",
  body,
  createdAt: "2025-01-01T00:00:00Z",
  closedAt: null,
});

describe("composeDashboard", () => {
  it.each<[string, { title: string; body: string } | null, DashboardEntry[], string, string[]]>([
    [
      "a draft with links, sorted by cell",
      { title: "Nightly", body: "Tonight.\n\n<!-- matrix:dashboard -->\n" },
      [
        entry("b", "upstream-trl/lora", null),
        entry("a", "latest-peft/lora", 7, "https://github.com/huggingface/peft/issues/3"),
      ],
      "Nightly",
      [
        "Tonight.\n\n<!-- matrix:dashboard -->\n\n## Tracking issues\n\n",
        "- [#7](https://github.com/acme/trainer/issues/7) `latest-peft/lora`: breaks a, upstream https://github.com/huggingface/peft/issues/3\n",
        "- (not filed) `upstream-trl/lora`: breaks b\n",
      ],
    ],
    [
      "no draft and no breakage",
      null,
      [],
      DEFAULT_DASHBOARD_TITLE,
      ["<!-- matrix:dashboard -->", "None: every cell"],
    ],
    [
      "a draft without the marker gets it",
      { title: "D", body: "Tonight.\n" },
      [],
      "D",
      ["Tonight.\n<!-- matrix:dashboard -->\n"],
    ],
  ])("%s", (_name, draft, entries, title, parts) => {
    const wanted = composeDashboard(draft, entries);
    expect(wanted.title).toBe(title);
    for (const part of parts) expect(wanted.body).toContain(part);
  });
});

describe("findDashboard and planDashboard", () => {
  it.each<[string, TrackedIssue[], number | null]>([
    ["none", [issue(1, "<!-- matrix:fingerprint=a -->")], null],
    [
      "the open one first",
      [issue(1, "<!-- matrix:dashboard -->", "closed"), issue(4, "<!-- matrix:dashboard -->")],
      4,
    ],
    [
      "the lowest open one",
      [issue(9, "<!-- matrix:dashboard -->"), issue(4, "<!-- matrix:dashboard -->")],
      4,
    ],
  ])("finds %s", (_name, issues, number) => {
    expect(findDashboard(issues)?.number ?? null).toBe(number);
  });

  it.each<[string, TrackedIssue | null, string, ReturnType<typeof planDashboard>]>([
    ["creates when missing", null, "B", { kind: "create", title: "T", body: "B" }],
    ["edits when changed", issue(4, "old"), "B", { kind: "update-body", number: 4, body: "B" }],
    ["leaves it when the same (line endings aside)", issue(4, "B\r\n"), "B\n", null],
  ])("%s", (_name, existing, body, expected) => {
    expect(planDashboard(existing, { title: "T", body })).toEqual(expected);
  });
});
