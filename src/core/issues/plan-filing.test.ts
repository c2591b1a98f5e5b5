import { describe, expect, it } from "vitest";
import type { Breakage, CellOutcome, FilingDraft, TrackedIssue } from "./filing-model.js";
import { markersOf, stampState } from "./issue-markers.js";
import { type FilingAction, type FilingFacts, planFiling } from "./plan-filing.js";

const RUN = "20250110-020000-abcd";
const NOW = new Date("2025-01-10T02:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

const draftOf = (fp: string, cell = "latest-peft/lora"): FilingDraft => ({
  fingerprint: fp,
  cell,
  title: `peft breaks ${fp}`,
  body: `What broke.\n\n<!-- matrix:fingerprint=${fp} -->\n<!-- matrix:cell=${cell} -->\n`,
});
const breakageOf = (fp: string, firstBad: string | null = null): Breakage => ({
  fingerprint: fp,
  variant: "latest-peft",
  job: "lora",
  culprits: ["peft"],
  bisect: firstBad ? { package: "peft", status: "found", firstBad, title: "Rename x (#12)" } : null,
});
/** An issue whose body is the draft stamped with `state` (as filing left it). */
const issueOf = (
  number: number,
  fp: string,
  extra: Partial<TrackedIssue> & { firstBad?: string; noted?: string[] } = {},
): TrackedIssue => {
  const { firstBad = null, noted = [], ...rest } = extra;
  return {
    number,
    url: `https://github.com/acme/trainer/issues/${number}`,
    state: "open",
    stateReason: null,
    title: `peft breaks ${fp}`,
    body: stampState(draftOf(fp).body, { packages: ["peft"], firstBad, noted }),
    createdAt: daysAgo(1),
    closedAt: null,
    ...rest,
  };
};
const pass = (variant = "latest-peft"): CellOutcome => ({ variant, job: "lora", status: "pass" });
const fail = (variant = "latest-peft", status = "fail"): CellOutcome => ({ variant, job: "lora", status });

/** Actions as short strings: `kind#number:event`. */
function summarize(actions: FilingAction[]): string[] {
  return actions.map((a) => {
    const number = "number" in a ? `#${a.number}` : "";
    const event = "event" in a ? `:${a.event}` : "";
    return `${a.kind}${number}${event}`;
  });
}

const facts = (f: Partial<FilingFacts>): FilingFacts => ({
  run: RUN,
  drafts: [],
  breakages: [],
  results: [],
  variants: null,
  issues: [],
  now: NOW,
  ...f,
});

describe("planFiling", () => {
  it.each<[string, Partial<FilingFacts>, string[], string[]]>([
    ["a new breakage is created", { drafts: [draftOf("a")], breakages: [breakageOf("a")] }, ["create"], []],
    [
      "an unchanged issue is left alone",
      { drafts: [draftOf("a")], breakages: [breakageOf("a")], issues: [issueOf(1, "a")] },
      [],
      [],
    ],
    [
      "a changed draft edits the body, without a comment",
      {
        drafts: [{ ...draftOf("a"), body: `${draftOf("a").body}More.\n` }],
        breakages: [breakageOf("a")],
        issues: [issueOf(1, "a")],
      },
      ["update-body#1"],
      [],
    ],
    [
      "a first bad ref found comments once and records it",
      { drafts: [draftOf("a")], breakages: [breakageOf("a", "deadbeef")], issues: [issueOf(1, "a")] },
      ["comment#1:first-bad:deadbeef", "update-body#1"],
      [],
    ],
    [
      "the same first bad ref says nothing",
      {
        drafts: [draftOf("a")],
        breakages: [breakageOf("a", "deadbeef")],
        issues: [issueOf(1, "a", { firstBad: "deadbeef" })],
      },
      [],
      [],
    ],
    [
      "a night without a bisect keeps the known first bad ref",
      {
        drafts: [draftOf("a")],
        breakages: [breakageOf("a")],
        issues: [issueOf(1, "a", { firstBad: "deadbeef" })],
      },
      [],
      [],
    ],
    [
      "a week-old issue gets one still-failing comment",
      {
        drafts: [draftOf("a")],
        breakages: [breakageOf("a")],
        issues: [issueOf(1, "a", { createdAt: daysAgo(8) })],
      },
      ["comment#1:stale", "update-body#1"],
      [],
    ],
    [
      "only one",
      {
        drafts: [draftOf("a")],
        breakages: [breakageOf("a")],
        issues: [issueOf(1, "a", { createdAt: daysAgo(30), noted: ["stale"] })],
      },
      [],
      [],
    ],
    [
      "six days is not stale",
      {
        drafts: [draftOf("a")],
        breakages: [breakageOf("a")],
        issues: [issueOf(1, "a", { createdAt: daysAgo(6) })],
      },
      [],
      [],
    ],
    [
      "a closed issue that comes back is reopened, keyed by its closing",
      {
        drafts: [draftOf("a")],
        breakages: [breakageOf("a")],
        issues: [
          issueOf(1, "a", { state: "closed", stateReason: "completed", closedAt: "2025-01-05T00:00:00Z" }),
        ],
      },
      ["reopen#1:reopened:2025-01-05T00:00:00Z"],
      [],
    ],
    [
      "an issue closed as not planned stays closed",
      {
        drafts: [draftOf("a")],
        breakages: [breakageOf("a")],
        issues: [issueOf(1, "a", { state: "closed", stateReason: "not_planned" })],
      },
      [],
      ["failing again, but closed as not planned: left closed"],
    ],
    [
      "a breakage whose cell passed is closed",
      { results: [pass()], issues: [issueOf(1, "a")] },
      [`close#1:fixed:${RUN}`],
      [],
    ],
    [
      "a cell failing otherwise leaves it open",
      { results: [fail()], issues: [issueOf(1, "a")] },
      [],
      ["not seen tonight, left open: latest-peft/lora is fail, not pass"],
    ],
    [
      "an infra error leaves it open",
      { results: [fail("latest-peft", "infra-error")], issues: [issueOf(1, "a")] },
      [],
      ["not seen tonight, left open: latest-peft/lora is infra-error, not pass"],
    ],
    [
      "a cell gone from the matrix closes when every mover passed",
      {
        results: [pass("upstream-peft")],
        variants: [{ name: "upstream-peft", moves: ["peft"] }],
        issues: [issueOf(1, "a")],
      },
      [`close#1:fixed:${RUN}`],
      [],
    ],
    [
      "a closed issue not seen is left closed",
      { results: [pass()], issues: [issueOf(1, "a", { state: "closed" })] },
      [],
      [],
    ],
    [
      "an expected breakage (no draft) is neither filed nor closed",
      { breakages: [breakageOf("a")], results: [pass()], issues: [issueOf(1, "a")] },
      [],
      [],
    ],
    [
      "duplicates: the lowest open one is kept",
      {
        drafts: [draftOf("a")],
        breakages: [breakageOf("a")],
        issues: [issueOf(3, "a"), issueOf(2, "a"), issueOf(1, "a", { state: "closed" })],
      },
      [],
      ["duplicate of #2", "duplicate of #2"],
    ],
    [
      "issues without a fingerprint are not ours to close",
      { results: [pass()], issues: [{ ...issueOf(1, "a"), body: "<!-- matrix:dashboard -->" }] },
      [],
      [],
    ],
  ])("%s", (_name, f, actions, notes) => {
    const plan = planFiling(facts(f));
    expect(summarize(plan.actions)).toEqual(actions);
    expect(plan.notes.map((n) => n.note)).toEqual(notes);
  });

  it("creates with the draft stamped with the culprits and first bad ref", () => {
    const plan = planFiling(facts({ drafts: [draftOf("a")], breakages: [breakageOf("a", "cafe")] }));
    const [create] = plan.actions;
    expect(create).toMatchObject({ kind: "create", fingerprint: "a", title: "peft breaks a" });
    expect(markersOf(create?.kind === "create" ? create.body : "")).toMatchObject({
      fingerprint: "a",
      packages: ["peft"],
      firstBad: "cafe",
    });
  });

  it("plans the same after its own actions: a second night with nothing new does nothing", () => {
    const first = planFiling(
      facts({
        drafts: [draftOf("a")],
        breakages: [breakageOf("a", "cafe")],
        issues: [issueOf(1, "a", { createdAt: daysAgo(9) })],
      }),
    );
    const body = first.actions.find((a) => a.kind === "update-body");
    const after = {
      ...issueOf(1, "a", { createdAt: daysAgo(9) }),
      body: body?.kind === "update-body" ? body.body : "",
    };
    const second = planFiling(
      facts({ drafts: [draftOf("a")], breakages: [breakageOf("a", "cafe")], issues: [after] }),
    );
    expect(summarize(first.actions)).toEqual([
      "comment#1:first-bad:cafe",
      "comment#1:stale",
      "update-body#1",
    ]);
    expect(second.actions).toEqual([]);
  });

  it("every comment carries its event marker", () => {
    const plan = planFiling(facts({ results: [pass()], issues: [issueOf(1, "a")] }));
    const close = plan.actions[0];
    expect(close?.kind === "close" && markersOf(close.comment).events).toEqual([`fixed:${RUN}`]);
  });
});
