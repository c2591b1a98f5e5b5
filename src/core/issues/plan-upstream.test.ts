import { describe, expect, it } from "vitest";
import type { Breakage, FilingDraft } from "./filing-model.js";
import { markersOf } from "./issue-markers.js";
import {
  planUpstream,
  type UpstreamFound,
  type UpstreamPackage,
  upstreamTargetsOf,
} from "./plan-upstream.js";

const PACKAGES: UpstreamPackage[] = [
  { name: "peft", repo: "https://github.com/huggingface/peft.git", fileUpstream: true },
  { name: "trl", repo: "https://github.com/huggingface/trl", fileUpstream: false },
  { name: "local", repo: "file:///tmp/local", fileUpstream: true },
];
const draft = (fp: string): FilingDraft => ({
  fingerprint: fp,
  cell: "latest-x/lora",
  title: `T ${fp}`,
  body: `B ${fp}\n<!-- matrix:fingerprint=${fp} -->\n`,
});
const broke = (fp: string, pkg: string, status = "found", firstBad: string | null = "abc"): Breakage => ({
  fingerprint: fp,
  variant: "latest-x",
  job: "lora",
  culprits: [pkg],
  bisect: { package: pkg, status, firstBad, title: null },
});

describe("upstreamTargetsOf", () => {
  it.each<[string, Breakage[], string[], string[]]>([
    ["a found bisect of an opted-in GitHub package", [broke("a", "peft")], ["a huggingface/peft"], []],
    ["an ambiguous bisect is not filed", [broke("a", "peft", "ambiguous")], [], []],
    ["no bisect, no filing", [{ ...broke("a", "peft"), bisect: null }], [], []],
    [
      "a package without file_upstream",
      [broke("a", "trl")],
      [],
      ["not filed upstream: trl has no file_upstream: true"],
    ],
    [
      "a package not on GitHub",
      [broke("a", "local")],
      [],
      ["not filed upstream: the repo of local is not on GitHub"],
    ],
    [
      "a package the matrix does not track",
      [broke("a", "ghost")],
      [],
      ["not filed upstream: ghost has no file_upstream: true"],
    ],
  ])("%s", (_name, breakages, targets, notes) => {
    const result = upstreamTargetsOf([draft("a")], breakages, PACKAGES);
    expect(result.targets.map((t) => `${t.fingerprint} ${t.owner}/${t.name}`)).toEqual(targets);
    expect(result.notes.map((n) => n.note)).toEqual(notes);
  });

  it("only drafted breakages are candidates", () => {
    expect(upstreamTargetsOf([], [broke("a", "peft")], PACKAGES).targets).toEqual([]);
  });
});

describe("planUpstream", () => {
  const { targets } = upstreamTargetsOf(
    [draft("a"), draft("b"), draft("c")],
    [broke("a", "peft"), broke("b", "peft"), broke("c", "peft")],
    PACKAGES,
  );
  const tracking = new Map([["a", "https://github.com/acme/trainer/issues/1"]]);
  const found = (entries: Array<[string, UpstreamFound | null]>) => new Map(entries);

  it.each<[string, Map<string, UpstreamFound | null>, string[], string[]]>([
    ["one new issue per package per night", found([]), ["create a"], ["deferred", "deferred"]],
    [
      "an existing issue takes no slot and gets a comment",
      found([["a", { number: 5, url: "u5", mentionsUs: false }]]),
      ["comment a #5", "create b"],
      ["deferred"],
    ],
    [
      "an issue we already spoke in gets nothing",
      found([
        ["a", { number: 5, url: "u5", mentionsUs: true }],
        ["b", { number: 6, url: "u6", mentionsUs: true }],
      ]),
      ["create c"],
      ["already tracks it", "already tracks it"],
    ],
  ])("%s", (_name, existing, actions, notes) => {
    const plan = planUpstream(targets, existing, "acme/trainer", tracking);
    expect(
      plan.actions.map(
        (a) => `${a.kind} ${a.target.fingerprint}${a.kind === "comment" ? ` #${a.number}` : ""}`,
      ),
    ).toEqual(actions);
    expect(
      plan.notes.map((n) =>
        n.note.includes("deferred")
          ? "deferred"
          : n.note.includes("already tracks")
            ? "already tracks it"
            : n.note,
      ),
    ).toEqual(notes);
  });

  it("marks what it writes with the origin and links the tracking issue", () => {
    const plan = planUpstream(targets.slice(0, 1), found([]), "acme/trainer", tracking);
    const create = plan.actions[0];
    const body = create?.kind === "create" ? create.body : "";
    expect(markersOf(body)).toMatchObject({ fingerprint: "a", from: ["acme/trainer"] });
    expect(body).toContain("tracked in https://github.com/acme/trainer/issues/1");
    const comment = planUpstream(
      targets.slice(0, 1),
      found([["a", { number: 5, url: "u", mentionsUs: false }]]),
      "acme/trainer",
      tracking,
    ).actions[0];
    expect(markersOf(comment?.kind === "comment" ? comment.comment : "").from).toEqual(["acme/trainer"]);
  });
});
