import { describe, expect, it } from "vitest";
import { AttemptFailed, retryWithBackoff } from "./retry.js";

const defaults = { retries: 3, backoffMs: 1 };

describe("retryWithBackoff", () => {
  it.each<[string, Array<"ok" | "retry" | "stop">, { ok: boolean; calls: number }]>([
    ["succeeds at once", ["ok"], { ok: true, calls: 1 }],
    ["succeeds after hiccups", ["retry", "retry", "ok"], { ok: true, calls: 3 }],
    ["gives up after the retries", ["retry", "retry", "retry", "retry", "ok"], { ok: false, calls: 4 }],
    ["stops at a permanent failure", ["retry", "stop", "ok"], { ok: false, calls: 2 }],
  ])("%s", async (_label, script, expected) => {
    let calls = 0;
    const outcome = await retryWithBackoff(
      async (n) => {
        calls++;
        const step = script[n];
        if (step === "ok") return n;
        throw new AttemptFailed(`failed ${n}`, step === "stop");
      },
      {},
      defaults,
    );
    expect({ ok: outcome.ok, calls }).toEqual(expected);
    if (!outcome.ok) expect(outcome.reason).toBe(`failed ${calls - 1}`);
  });

  it("lets other errors through at once", async () => {
    await expect(
      retryWithBackoff(async () => Promise.reject(new TypeError("bug")), {}, defaults),
    ).rejects.toThrow("bug");
  });
});
