/**
 * The nightly digest against a real HTTP webhook on localhost: one message with only what
 * changed since the previous run, none when nothing did, retries when the hook is down (and a
 * record in digest.json, never an exception), and no secret in what reaches the hook.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { layoutOf } from "../../src/adapters/run-folder.js";
import { parseMatrix } from "../../src/core/matrix/parse-matrix.js";
import { runGate } from "../../src/engine/conclude/run-gate.js";
import { type SendDigestOptions, sendDigest } from "../../src/engine/conclude/send-digest.js";
import { reportRun } from "../../src/engine/report/report-run.js";
import { type GateWorld, makeGateWorld, matrixText } from "../support/gate-world.js";
import type { Cell } from "../support/night-summary.js";
import { startWebhookServer, type WebhookServer } from "../support/webhook-server.js";

const PASS: Cell = ["pinned", "smoke", "pass"];
const FLAT: Cell = ["latest-fakedata", "smoke", "fail", "fakedata", "expectation: loss flat"];
const RENAMED: Cell = ["latest-fakeformers", "smoke", "fail", "fakeformers"];
const matrix = parseMatrix(matrixText("notify:\n  webhook: $MATRIX_WEBHOOK\n"), "matrix.yml", "/nowhere");
const fast = { retries: 2, backoffMs: 5, timeoutMs: 2_000 };

let world: GateWorld;
let hook: WebhookServer | undefined;
afterEach(async () => {
  await hook?.close();
  await world?.close();
  hook = undefined;
});

/** Two nights in a fresh reports folder, each gated as the night gates it; returns tonight's. */
async function twoNights(before: Cell[], tonight: Cell[]) {
  world = await makeGateWorld("matrix-digest-");
  const first = layoutOf(await world.writeNight("20260310-020000-aaaa", before));
  await runGate(JSON.parse(await readFile(first.summary, "utf8")), { matrix, layout: first, env: {} });
  const layout = layoutOf(await world.writeNight("20260311-020000-bbbb", tonight));
  const outcome = await runGate(JSON.parse(await readFile(layout.summary, "utf8")), {
    matrix,
    layout,
    env: {},
  });
  return { layout, decision: outcome.decision };
}

/** sendDigest of tonight against the reports folder, retrying fast. */
const send = (opts: Partial<SendDigestOptions> & Pick<SendDigestOptions, "layout">) =>
  sendDigest({ matrix, reports: world.reports, env: {}, webhook: fast, ...opts });

const digestOf = async (dir: string) => JSON.parse(await readFile(join(dir, "digest.json"), "utf8"));

describe("sendDigest", () => {
  it("posts one message with only what changed, for Slack and Discord alike", async () => {
    hook = await startWebhookServer();
    const { layout, decision } = await twoNights([PASS, FLAT], [PASS, FLAT, RENAMED]);
    const env = { MATRIX_WEBHOOK: hook.url };
    const record = await send({ layout, decision, env });
    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    expect(request).toMatchObject({ method: "POST", contentType: "application/json" });
    const body = request?.body as { text: string; content: string };
    expect(Object.keys(body).sort()).toEqual(["content", "text"]);
    expect(body.content).toBe(body.text);
    expect(body.text).toMatch(
      /^matrix gated 20260311-020000-bbbb: ✅ release gate passes\nNew breakages \(1\):\n/,
    );
    expect(body.text).toContain("  • latest-fakeformers / smoke: fail, culprit fakeformers: TypeError");
    expect(body.text).toContain("Still broken: 1");
    expect(body.text).not.toContain("latest-fakedata");
    expect(record).toMatchObject({
      sent: true,
      previous: "20260310-020000-aaaa",
      reason: "posted to MATRIX_WEBHOOK",
    });
    expect(await digestOf(layout.dir)).toMatchObject({
      sent: true,
      changes: { new: [expect.any(String)], still: 1 },
    });
  });

  it("sends nothing when nothing changed, and says so in digest.json", async () => {
    hook = await startWebhookServer();
    const { layout } = await twoNights([PASS, FLAT], [PASS, FLAT]);
    // No decision passed: tonight's is read back from gate.json, as a later step would.
    await send({ layout, env: { MATRIX_WEBHOOK: hook.url } });
    expect(hook.requests).toEqual([]);
    expect(await digestOf(layout.dir)).toMatchObject({
      sent: false,
      reason: "nothing changed since 20260310-020000-aaaa",
      message: null,
    });
  });

  it("compares with the summary when a night left no gate.json, and reports the gate flipping", async () => {
    hook = await startWebhookServer();
    world = await makeGateWorld("matrix-digest-");
    await world.writeNight("20260310-020000-aaaa", [PASS]);
    const layout = layoutOf(await world.writeNight("20260311-020000-bbbb", [["pinned", "smoke", "timeout"]]));
    await send({ layout, env: { MATRIX_WEBHOOK: hook.url } });
    const text = (hook.requests[0]?.body as { text?: string } | undefined)?.text;
    expect(text).toMatch(/^matrix gated 20260311-020000-bbbb: ❌ release blocked \(was passing\)\n/);
  });

  it.each<[string, Array<number | "hang">, number, RegExp, boolean]>([
    ["retries 5xx answers, then delivers", [500, 502, 204], 3, /^posted to MATRIX_WEBHOOK$/, true],
    ["gives up on a hook that stays down", [500], 3, /^not delivered after 3 attempts: HTTP 500/, false],
    [
      "does not retry a hook that is gone (404)",
      [404],
      1,
      /^not delivered after 1 attempts: HTTP 404/,
      false,
    ],
    [
      "times out a hook that never answers",
      ["hang"],
      3,
      /^not delivered after 3 attempts: timed out$/,
      false,
    ],
  ])("%s, recorded and never fatal", async (_label, statuses, requests, reason, sent) => {
    hook = await startWebhookServer(statuses);
    const { layout, decision } = await twoNights([PASS], [PASS, RENAMED]);
    const webhook = { ...fast, timeoutMs: 300 };
    const record = await send({ layout, decision, env: { MATRIX_WEBHOOK: hook.url }, webhook });
    expect(hook.requests).toHaveLength(requests);
    expect(record.reason).toMatch(reason);
    expect(record.sent).toBe(sent);
    expect(await digestOf(layout.dir)).toMatchObject({ sent, delivery: { attempts: requests } });
  });

  it("records a refused connection, retried, without the hook's URL", async () => {
    const gone = await startWebhookServer();
    await gone.close();
    const { layout, decision } = await twoNights([PASS], [PASS, RENAMED]);
    const record = await send({ layout, decision, env: { MATRIX_WEBHOOK: gone.url } });
    expect(record).toMatchObject({
      sent: false,
      delivery: { ok: false, status: null, error: "ECONNREFUSED", attempts: 3 },
    });
    expect(await readFile(join(layout.dir, "digest.json"), "utf8")).not.toContain("s3cr3tHookPath");
  });

  it("posts nothing without the variable, and records the message it would have sent", async () => {
    const { layout, decision } = await twoNights([PASS], [PASS, RENAMED]);
    const record = await send({ layout, decision });
    expect(record).toMatchObject({ sent: false, reason: "MATRIX_WEBHOOK is not set: nothing posted" });
    expect(record.message?.text).toContain("latest-fakeformers");
  });

  it("never lets a secret reach the webhook: tokens, credentials, the hook's own URL", async () => {
    hook = await startWebhookServer();
    const token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    const hfValue = "not-shaped-like-a-token-but-secret";
    const signature = `RuntimeError: 401 for ${token} / ${hfValue} posting to ${hook.url}`;
    const { layout, decision } = await twoNights(
      [PASS],
      [PASS, ["latest-fakeformers", "smoke", "fail", "fakeformers", signature]],
    );
    const env = { MATRIX_WEBHOOK: hook.url, HF_TOKEN: hfValue };
    await send({ layout, decision, env });
    const raw = hook.requests[0]?.raw ?? "";
    expect(raw).toContain("RuntimeError: 401 for ***");
    for (const secret of [token, hfValue, "s3cr3tHookPath"]) {
      expect(raw).not.toContain(secret);
      expect(await readFile(join(layout.dir, "digest.json"), "utf8")).not.toContain(secret);
    }
  });

  it("records why nothing went out when the matrix file has no notify: key", async () => {
    const { layout, decision } = await twoNights([PASS], [PASS, RENAMED]);
    const quiet = parseMatrix(matrixText(), "matrix.yml", "/nowhere");
    const record = await send({ matrix: quiet, layout, decision });
    // The second night still says which night it follows.
    expect(record).toMatchObject({
      sent: false,
      reason: "no notify: key in the matrix file",
      previous: "20260310-020000-aaaa",
    });
    expect(await digestOf(layout.dir)).toMatchObject({ previous: "20260310-020000-aaaa" });
  });

  it("compares with the history's last night when no earlier run folder is left (a night split over runners)", async () => {
    const { layout, decision } = await twoNights([PASS, FLAT], [PASS, FLAT, RENAMED]);
    const fromFolder = await send({ layout, decision });
    expect(fromFolder.previous).toBe("20260310-020000-aaaa");
    // Last night as the history keeps it (with its gate), then its folder gone, as on a fresh runner.
    await reportRun({
      reports: world.reports,
      layout: layoutOf(join(world.reports, "20260310-020000-aaaa")),
    });
    await rm(join(world.reports, "20260310-020000-aaaa"), { recursive: true });
    const fromHistory = await send({ layout, decision });
    expect(fromHistory.previous).toBe("20260310-020000-aaaa");
    expect(fromHistory.changes).toEqual(fromFolder.changes);
    expect(fromHistory.message).toEqual(fromFolder.message);
  });
});
