/**
 * `matrix file-issues` against a local GitHub (real Octokit, GitHub's shapes): one tracking issue
 * per fingerprint however often it runs and whatever the network does, comments only on a change
 * of state, closing and reopening, the dashboard edited in place, and a dry run that changes
 * nothing. Upstream filing is in file-issues-upstream.test.ts.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { filingExitCode } from "../../src/commands/file-issues.js";
import { markersOf } from "../../src/core/issues/issue-markers.js";
import { InputError, WorldError } from "../../src/errors.js";
import { type FilingWorld, makeFilingWorld, type Night, OWN } from "../support/filing-world.js";

let world: FilingWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const TWO: Night = {
  breakages: [
    { fp: "aaaa000000000001", cell: "latest-peft/lora", culprits: ["peft"] },
    { fp: "bbbb000000000002", cell: "latest-transformers/lora", culprits: ["transformers"] },
  ],
  results: [
    ["pinned/lora", "pass"],
    ["latest-peft/lora", "fail"],
    ["latest-transformers/lora", "fail"],
  ],
};
const tracking = (w: FilingWorld) =>
  w.store.issues(OWN).filter((i) => markersOf(i.body ?? "").fingerprint !== null);
const dashboards = (w: FilingWorld) => w.store.issues(OWN).filter((i) => markersOf(i.body ?? "").dashboard);

describe("matrix file-issues --confirm", () => {
  it("files one issue per fingerprint and a dashboard; later runs edit nothing when nothing changed", async () => {
    world = await makeFilingWorld();
    const run1 = await world.writeRun("20250110-020000-0001", TWO);
    const report = await world.file(run1);
    expect(report.problems).toBe(0);
    expect(tracking(world).map((i) => [i.title, i.labels, i.state])).toEqual([
      ["peft breaks latest-peft/lora (aaaa000000000001)", ["matrix"], "open"],
      ["transformers breaks latest-transformers/lora (bbbb000000000002)", ["matrix"], "open"],
    ]);
    expect(world.store.labels(OWN).has("matrix")).toBe(true);
    const [dashboard] = dashboards(world);
    expect(dashboard?.body).toContain("[#1](https://github.com/acme/trainer/issues/1) `latest-peft/lora`");
    expect((await world.readFiled(run1)).outcomes.map((o) => `${o.action} ${o.result}`)).toEqual([
      "label done",
      "create done",
      "create done",
      "dashboard-create done",
    ]);

    const mark = world.server.requests.length;
    await world.file(run1);
    const run2 = await world.writeRun("20250111-020000-0002", TWO);
    const again = await world.file(run2);
    expect(world.changes(mark)).toEqual([]);
    expect(again.outcomes).toEqual([]);
    expect(world.store.issues(OWN)).toHaveLength(3);
  });

  it("a create whose answer is lost is found again, not made twice, on the retry and on the next run", async () => {
    world = await makeFilingWorld();
    world.store.faults.push({
      method: "POST",
      path: "/repos/{owner}/{repo}/issues",
      reply: "drop-after-apply",
    });
    const run1 = await world.writeRun("20250110-020000-0001", TWO);
    const report = await world.file(run1);
    expect(report.outcomes.filter((o) => o.action === "create").map((o) => [o.number, o.result])).toEqual([
      [1, "found"],
      [2, "done"],
    ]);
    expect(tracking(world)).toHaveLength(2);

    // No retries left: the lost answer ends the night (exit 3) with filed.json written...
    world.store.faults.push({
      method: "POST",
      path: "/repos/{owner}/{repo}/issues",
      reply: "drop-after-apply",
    });
    const three: Night = {
      ...TWO,
      breakages: [...TWO.breakages, { fp: "cccc000000000003", cell: "latest-all/lora", culprits: ["peft"] }],
    };
    const run2 = await world.writeRun("20250111-020000-0002", three);
    await expect(world.file(run2, { retries: 0 })).rejects.toThrow(WorldError);
    expect((await world.readFiled(run2)).aborted?.what_to_do).toMatch(/reachable/);
    // ...and the next run finds the issue the lost create made.
    await world.file(run2);
    expect(tracking(world).map((i) => markersOf(i.body ?? "").fingerprint)).toEqual([
      "aaaa000000000001",
      "bbbb000000000002",
      "cccc000000000003",
    ]);
  });

  it("retries 5xx answers and waits out primary and secondary rate limits", async () => {
    const faults = { serverErrors: 2, serverErrorStatus: 503, rateLimited: 1, rateLimitResetS: 1 };
    world = await makeFilingWorld({}, { ...faults, secondaryRateLimited: 1, retryAfterS: 1 });
    world.store.faults.push(
      {
        method: "POST",
        path: "/repos/{owner}/{repo}/issues",
        reply: { status: 502, body: { message: "Server Error" } },
      },
      {
        method: "POST",
        path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
        reply: {
          status: 403,
          body: { message: "You have exceeded a secondary rate limit." },
          headers: { "retry-after": "1" },
        },
      },
    );
    const run1 = await world.writeRun("20250110-020000-0001", TWO);
    expect((await world.file(run1)).problems).toBe(0);
    expect(tracking(world)).toHaveLength(2);
    const paths = world.server.requests.map((r) => `${r.method} ${r.path}`);
    // 503, 503, a rate limit (x-ratelimit-reset), a secondary one (retry-after), then the list;
    // the create answered 502 is looked up and sent again.
    expect(paths.slice(0, 6)).toEqual([
      ...Array(5).fill("GET /repos/acme/trainer/issues"),
      "GET /repos/acme/trainer/labels/matrix",
    ]);
    expect(paths.filter((p) => p === "POST /repos/acme/trainer/issues")).toHaveLength(4);
    const run2 = await world.writeRun("20250111-020000-0002", {
      breakages: [TWO.breakages[1] as never],
      results: [["latest-peft/lora", "pass"]],
    });
    await world.file(run2);
    const closed = world.store.issues(OWN)[0];
    expect([closed?.state, closed?.commentList.length]).toEqual(["closed", 1]);
    expect(world.warnings.some((w) => /secondary rate limit for POST .*: retrying in 1s/.test(w))).toBe(true);
    expect(world.warnings.some((w) => /^GitHub rate limit for GET .*: retrying in \d+s$/.test(w))).toBe(true);
  });

  it("reports a 422 with what to do, files the rest and exits 1", async () => {
    world = await makeFilingWorld();
    const refusal = {
      message: "Validation Failed",
      errors: [
        {
          resource: "Issue",
          code: "custom",
          field: "body",
          message: "body is too long (maximum is 65536 characters)",
        },
      ],
    };
    world.store.faults.push({
      method: "POST",
      path: "/repos/{owner}/{repo}/issues",
      nth: 2,
      reply: { status: 422, body: refusal },
    });
    const run1 = await world.writeRun("20250110-020000-0001", TWO);
    const report = await world.file(run1);
    expect(report.problems).toBe(1);
    expect(filingExitCode(report)).toBe(1);
    const failed = report.outcomes.find((o) => o.result === "failed");
    expect(failed).toMatchObject({
      action: "create",
      fingerprint: "bbbb000000000002",
      problem: { kind: "invalid", status: 422 },
    });
    expect(failed?.problem?.what_to_do).toMatch(/body is too long.*fix the draft/);
    expect(tracking(world)).toHaveLength(1);
    expect(dashboards(world)[0]?.body).toContain("(not filed) `latest-transformers/lora`");
  });

  it("reports a token without issues:write and goes on", async () => {
    world = await makeFilingWorld({ readOnly: [OWN] });
    const report = await world.file(await world.writeRun("20250110-020000-0001", TWO));
    expect(report.outcomes.map((o) => `${o.action} ${o.result}`)).toEqual([
      "label failed",
      "create failed",
      "create failed",
      "dashboard-create failed",
    ]);
    expect(report.outcomes[1]?.problem?.what_to_do).toMatch(
      /lacks issues:write on acme\/trainer; give the workflow `permissions: issues: write`/,
    );
  });

  it("closes a breakage whose cell passes, with a comment, and reopens it when it comes back", async () => {
    world = await makeFilingWorld();
    await world.file(await world.writeRun("20250110-020000-0001", TWO));
    const fixed: Night = {
      breakages: [TWO.breakages[1] as never],
      results: [
        ["latest-peft/lora", "pass"],
        ["latest-transformers/lora", "fail"],
      ],
    };
    const run2 = await world.writeRun("20250111-020000-0002", fixed);
    await world.file(run2);
    await world.file(run2);
    const issue = () => world?.store.issues(OWN)[0];
    expect([issue()?.state, issue()?.state_reason, issue()?.commentList.length]).toEqual([
      "closed",
      "completed",
      1,
    ]);
    expect(issue()?.commentList[0]?.body).toMatch(
      /^Gone in run 20250111-020000-0002: latest-peft\/lora passed\. Closing/,
    );

    const run3 = await world.writeRun("20250112-020000-0003", TWO);
    await world.file(run3);
    await world.file(run3);
    expect([issue()?.state, issue()?.commentList.length]).toEqual(["open", 2]);
    expect(issue()?.commentList[1]?.body).toMatch(
      /^Back in run 20250112-020000-0003: `latest-peft\/lora` fails/,
    );
    expect(tracking(world)).toHaveLength(2);
  });

  it("leaves an issue open when its cell did not pass (an infra error proves nothing)", async () => {
    world = await makeFilingWorld();
    await world.file(await world.writeRun("20250110-020000-0001", TWO));
    const report = await world.file(
      await world.writeRun("20250111-020000-0002", {
        breakages: [],
        results: [["latest-peft/lora", "infra-error"]],
      }),
    );
    expect(world.store.issues(OWN).map((i) => i.state)).toEqual(["open", "open", "open"]);
    expect(report.notes.map((n) => n.note)).toContain(
      "not seen tonight, left open: latest-peft/lora is infra-error, not pass",
    );
  });

  it("reads every page of labelled issues and takes no pull request for an issue", async () => {
    world = await makeFilingWorld();
    for (let n = 1; n <= 150; n++)
      world.store.seed(OWN, { title: `other ${n}`, body: "unrelated", labels: ["matrix"] });
    const [a, b] = TWO.breakages.map(
      (x) => `x\n<!-- matrix:fingerprint=${x.fp} -->\n<!-- matrix:cell=${x.cell} -->\n`,
    );
    world.store.seed(OWN, {
      title: "a pull request quoting a draft",
      body: a ?? "",
      labels: ["matrix"],
      pull: true,
    });
    world.store.seed(OWN, { title: "filed long ago", body: b ?? "", labels: ["matrix"] });
    for (let n = 1; n <= 120; n++)
      world.store.seed(OWN, { title: `newer ${n}`, body: "unrelated", labels: ["matrix"] });
    const report = await world.file(await world.writeRun("20250110-020000-0001", TWO));
    expect(report.outcomes.map((o) => `${o.action} ${o.number}`)).toEqual([
      "label null",
      "create 273",
      "update-body 152",
      "dashboard-create 274",
    ]);
    const lists = world.server.requests.filter(
      (r) => r.method === "GET" && r.path === "/repos/acme/trainer/issues" && !r.query.since,
    );
    expect(lists.map((r) => r.query.page)).toEqual(["1", "2", "3"]);
  });

  it("creates the dashboard once and then edits it in place", async () => {
    world = await makeFilingWorld();
    await world.file(await world.writeRun("20250110-020000-0001", { ...TWO, dashboard: "Two breakages." }));
    const mark = world.server.requests.length;
    await world.file(await world.writeRun("20250111-020000-0002", { ...TWO, dashboard: "Still two." }));
    expect(world.changes(mark).map((r) => `${r.method} ${r.path}`)).toEqual([
      "PATCH /repos/acme/trainer/issues/3",
    ]);
    expect(dashboards(world).map((i) => [i.number, i.title])).toEqual([[3, "Nightly dependency matrix"]]);
    expect(dashboards(world)[0]?.body).toContain("Still two.");
  });
});

describe("matrix file-issues (dry run and inputs)", () => {
  it("a dry run reads but changes nothing, and says what it would do", async () => {
    world = await makeFilingWorld();
    world.store.seed(OWN, {
      title: "old",
      body: "x\n<!-- matrix:fingerprint=dddd000000000004 -->\n<!-- matrix:cell=latest-all/lora -->\n",
      labels: ["matrix"],
    });
    const run = await world.writeRun("20250110-020000-0001", {
      ...TWO,
      results: [...TWO.results, ["latest-all/lora", "pass"]],
    });
    const report = await world.file(run, { confirm: false });
    expect(world.changes()).toEqual([]);
    expect(world.server.requests.length).toBeGreaterThan(0);
    expect(report.outcomes.map((o) => `${o.action} ${o.result}`)).toEqual([
      "create planned",
      "create planned",
      "close planned",
      "dashboard-create planned",
    ]);
    expect(existsSync(join(run, "issues", "filed.json"))).toBe(false);
  });

  it("a dry run without a token sends no request at all", async () => {
    world = await makeFilingWorld();
    const report = await world.file(await world.writeRun("20250110-020000-0001", TWO), {
      confirm: false,
      env: {},
    });
    expect(world.server.requests).toEqual([]);
    expect(report.notes[0]?.note).toMatch(/no GITHUB_TOKEN or GITHUB_REPOSITORY/);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ["GITHUB_TOKEN", { GITHUB_REPOSITORY: OWN }, /^GITHUB_TOKEN is not set/],
    ["GITHUB_REPOSITORY", { GITHUB_TOKEN: "t" }, /^GITHUB_REPOSITORY is not set/],
  ])("--confirm without %s is an input error naming it, before any request", async (_name, env, message) => {
    world = await makeFilingWorld();
    const run = await world.writeRun("20250110-020000-0001", TWO);
    const error = await world
      .file(run, { env: { ...env, GITHUB_API_URL: world.server.url } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(message);
    expect(world.server.requests).toEqual([]);
  });

  it("a draft without its fingerprint marker is an input error naming the file", async () => {
    world = await makeFilingWorld();
    const run = await world.writeRun("20250110-020000-0001", TWO);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(run, "issues", "broken.md"), "# Broken\n\nno markers\n");
    await expect(world.file(run)).rejects.toThrow(
      /broken\.md:1:1: the draft has no <!-- matrix:fingerprint=FP --> line/,
    );
    expect(world.changes()).toEqual([]);
  });

  it("an unreachable API is exit 3 naming the URL, with filed.json written", async () => {
    world = await makeFilingWorld();
    const run = await world.writeRun("20250110-020000-0001", TWO);
    const env = { ...world.env, GITHUB_API_URL: "http://127.0.0.1:9" };
    const error = await world.file(run, { env, retries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorldError);
    expect((error as WorldError).message).toMatch(
      /^GitHub failed at http:\/\/127\.0\.0\.1:9\/repos\/acme\/trainer\/issues/,
    );
    const filed = await world.readFiled(run);
    expect(filed.aborted).not.toBeNull();
    expect(JSON.stringify(filed)).not.toContain(world.env.GITHUB_TOKEN);
  });
});
