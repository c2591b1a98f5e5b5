import { describe, expect, it } from "vitest";
import type { CommitWheel } from "../../adapters/commit-wheels.js";
import { makeWheelQueue } from "./bisect-wheels.js";

/** A build per sha that finishes only when the test says so, recording the order builds start in. */
function fakeBuilds() {
  const order: string[] = [];
  const finish = new Map<string, (wheel: CommitWheel) => void>();
  const build = (sha: string) =>
    new Promise<CommitWheel>((resolve) => {
      order.push(sha);
      finish.set(sha, resolve);
    });
  const done = async (sha: string) => {
    finish.get(sha)?.({ ok: true, wheel: `${sha}.whl`, reused: false });
    await new Promise((r) => setTimeout(r, 0));
  };
  return { order, build, done };
}

describe("makeWheelQueue", () => {
  it("builds a needed wheel before the guesses that have not started", async () => {
    const f = fakeBuilds();
    const queue = makeWheelQueue(f.build, 1);
    queue.prefetch(["g1", "g2", "g3"]);
    const wanted = queue.need("n1");
    expect(f.order).toEqual(["g1"]);
    await f.done("g1");
    expect(f.order).toEqual(["g1", "n1"]);
    await f.done("n1");
    await expect(wanted).resolves.toMatchObject({ ok: true, wheel: "n1.whl" });
    expect(f.order).toEqual(["g1", "n1", "g2"]);
  });

  it("builds each sha once, whether needed, guessed or both", async () => {
    const f = fakeBuilds();
    const queue = makeWheelQueue(f.build, 2);
    const a = queue.need("a");
    const again = queue.need("a");
    queue.prefetch(["a", "b"]);
    await f.done("a");
    await f.done("b");
    queue.prefetch(["a", "b"]);
    expect(f.order).toEqual(["a", "b"]);
    expect(await a).toEqual(await again);
  });

  it("drops the guesses a new plan leaves out, and settle drops the rest", async () => {
    const f = fakeBuilds();
    const queue = makeWheelQueue(f.build, 1);
    queue.prefetch(["old1", "old2"]);
    queue.prefetch(["new1"]);
    await f.done("old1");
    expect(f.order).toEqual(["old1", "new1"]);
    queue.prefetch(["late"]);
    const settled = queue.settle();
    await f.done("new1");
    await settled;
    expect(f.order).toEqual(["old1", "new1"]);
  });
});
