/**
 * Upstream filing against a local GitHub: only `file_upstream: true` packages with a bisect that
 * found the first bad ref, with MATRIX_UPSTREAM_TOKEN, one new issue per package per night, never
 * a second for a fingerprint (an issue that already carries it gets one comment), even when
 * search lags behind and a create's answer is lost.
 */
import { afterEach, describe, expect, it } from "vitest";
import { filingExitCode } from "../../src/commands/file-issues.js";
import { markersOf } from "../../src/core/issues/issue-markers.js";
import {
  type FilingWorld,
  makeFilingWorld,
  type Night,
  type NightBreakage,
  OWN,
  PEFT,
  TRANSFORMERS,
  UPSTREAM_TOKEN,
} from "../support/filing-world.js";

let world: FilingWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const found = (pkg: string, ref: string) => ({
  package: pkg,
  status: "found",
  first_bad: ref,
  title: `Change ${ref} (#1)`,
});
const A: NightBreakage = {
  fp: "aaaa000000000001",
  cell: "latest-peft/lora",
  culprits: ["peft"],
  bisect: found("peft", "1111111"),
};
const B: NightBreakage = {
  fp: "bbbb000000000002",
  cell: "latest-all/lora",
  culprits: ["peft"],
  bisect: found("peft", "2222222"),
};
const C: NightBreakage = {
  fp: "cccc000000000003",
  cell: "upstream-peft/lora",
  culprits: ["peft"],
  bisect: found("peft", "3333333"),
};
const T: NightBreakage = {
  fp: "dddd000000000004",
  cell: "latest-transformers/lora",
  culprits: ["transformers"],
  bisect: found("transformers", "4444444"),
};
const N: NightBreakage = {
  fp: "eeee000000000005",
  cell: "upstream-all/lora",
  culprits: ["peft"],
  bisect: { package: "peft", status: "ambiguous", first_bad: null, title: null },
};
const NIGHT: Night = { breakages: [A, B, C, T, N], results: [] };

const upstreamIssues = (w: FilingWorld, repo = PEFT) =>
  w.store.issues(repo).map((i) => markersOf(i.body ?? "").fingerprint);
const upstreamChanges = (w: FilingWorld, from = 0) =>
  w.changes(from).filter((r) => r.path.startsWith("/repos/huggingface/"));

describe("matrix file-issues --confirm, upstream", () => {
  it("files bisected breakages of opted-in packages, one new issue per package per night, commenting where one exists", async () => {
    world = await makeFilingWorld({ searchLag: true });
    // A maintainer pasted B's draft upstream by hand: its marker is there, and search has indexed it.
    const pasted = world.store.seed(PEFT, {
      title: "LoRA broke",
      body: `Seen in our CI.\n<!-- matrix:fingerprint=${B.fp} -->\n`,
      login: "someone",
      indexed: true,
    });
    const run1 = await world.writeRun("20250110-020000-0001", NIGHT);
    await world.file(run1);
    expect(upstreamIssues(world)).toEqual([B.fp, A.fp]);
    expect(upstreamIssues(world, TRANSFORMERS)).toEqual([]);
    const [, filed] = world.store.issues(PEFT);
    expect([filed?.login, filed?.labels]).toEqual(["matrix-upstream", []]);
    expect(filed?.body).toContain(
      "Filed by the nightly dependency matrix of acme/trainer; tracked in https://github.com/acme/trainer/issues/1.",
    );
    expect(pasted.commentList.map((c) => markersOf(c.body).from)).toEqual([["acme/trainer"]]);
    expect(
      world.server.requests
        .filter((r) => r.path.startsWith("/repos/huggingface/") || r.path === "/search/issues")
        .every((r) => r.headers.authorization === `token ${UPSTREAM_TOKEN}`),
    ).toBe(true);
    const dashboard = world.store.issues(OWN).find((i) => markersOf(i.body ?? "").dashboard);
    expect(dashboard?.body).toContain(`upstream https://github.com/huggingface/peft/issues/2`);

    // The next night: C's turn; A (not yet in search) and B are not filed or commented again.
    const mark = world.server.requests.length;
    await world.file(await world.writeRun("20250111-020000-0002", NIGHT));
    expect(upstreamIssues(world)).toEqual([B.fp, A.fp, C.fp]);
    expect(upstreamChanges(world, mark).map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /repos/huggingface/peft/issues",
    ]);
    expect(pasted.commentList).toHaveLength(1);

    const quiet = world.server.requests.length;
    world.store.reindex();
    await world.file(await world.writeRun("20250112-020000-0003", NIGHT));
    expect(world.changes(quiet)).toEqual([]);
  });

  it("a lost answer to an upstream create is found by the token's own issues, though search has not indexed it", async () => {
    world = await makeFilingWorld({ searchLag: true });
    world.store.faults.push({
      method: "POST",
      path: "/repos/{owner}/{repo}/issues",
      repo: PEFT,
      reply: "drop-after-apply",
    });
    const report = await world.file(
      await world.writeRun("20250110-020000-0001", { breakages: [A], results: [] }),
    );
    expect(upstreamIssues(world)).toEqual([A.fp]);
    expect(report.outcomes.find((o) => o.action === "upstream-create")).toMatchObject({
      result: "found",
      number: 1,
    });
    await world.file(await world.writeRun("20250111-020000-0002", { breakages: [A], results: [] }));
    expect(upstreamIssues(world)).toEqual([A.fp]);
  });

  it("a token that cannot write upstream is reported with what to do; the own repository is filed", async () => {
    world = await makeFilingWorld({ readOnly: [PEFT] });
    const report = await world.file(
      await world.writeRun("20250110-020000-0001", { breakages: [A], results: [] }),
    );
    const failed = report.outcomes.find((o) => o.action === "upstream-create");
    expect(failed?.problem?.what_to_do).toBe(
      "MATRIX_UPSTREAM_TOKEN lacks issues:write on huggingface/peft; use a MATRIX_UPSTREAM_TOKEN of an account allowed to open issues there",
    );
    expect(world.store.issues(OWN)).toHaveLength(2);
    expect(filingExitCode(report)).toBe(1);
  });

  it.each([
    [502, "server", { message: "Bad Gateway" }],
    [403, "rate-limit", { message: "API rate limit exceeded for user ID 1." }],
    [401, "unauthorized", { message: "Bad credentials" }],
    [403, "forbidden", { message: "Resource not accessible by integration" }],
  ])(
    "a %s (%s) on the login lookup files nothing upstream, and says why; the own repository is filed",
    async (status, kind, body) => {
      world = await makeFilingWorld();
      const headers = kind === "rate-limit" ? { "x-ratelimit-remaining": "0" } : undefined;
      world.store.faults.push({
        method: "GET",
        path: "/user",
        times: 20,
        reply: { status, body, ...(headers ? { headers } : {}) },
      });
      const report = await world.file(
        await world.writeRun("20250110-020000-0001", { breakages: [A, T], results: [] }),
      );
      expect(upstreamChanges(world)).toEqual([]);
      const upstream = report.outcomes.filter((o) => o.action.startsWith("upstream-"));
      expect(upstream.map((o) => [o.fingerprint, o.result, o.problem?.kind])).toEqual([
        [A.fp, "skipped", kind],
      ]);
      expect(upstream[0]?.detail).toMatch(/nothing filed upstream/);
      expect(world.store.issues(OWN)).toHaveLength(3);
    },
  );

  it("without MATRIX_UPSTREAM_TOKEN nothing goes upstream, and the report says how to enable it", async () => {
    world = await makeFilingWorld();
    const env = { ...world.env, MATRIX_UPSTREAM_TOKEN: undefined };
    const report = await world.file(
      await world.writeRun("20250110-020000-0001", { breakages: [A], results: [] }),
      { env },
    );
    expect(report.outcomes.find((o) => o.action === "upstream-create")).toMatchObject({
      result: "skipped",
      problem: { kind: "config" },
    });
    expect(upstreamChanges(world)).toEqual([]);
    expect(world.store.issues(OWN)).toHaveLength(2);
  });

  it("a dry run looks upstream but sends nothing", async () => {
    world = await makeFilingWorld();
    const report = await world.file(await world.writeRun("20250110-020000-0001", NIGHT), { confirm: false });
    expect(world.changes()).toEqual([]);
    expect(
      report.outcomes
        .filter((o) => o.action.startsWith("upstream"))
        .map((o) => `${o.action} ${o.repo} ${o.fingerprint}`),
    ).toEqual([`upstream-create huggingface/peft ${A.fp}`]);
  });
});
