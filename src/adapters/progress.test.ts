import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.js";

describe("createProgress (not a TTY)", () => {
  it("prints plain lines with the scope, step, outcome and elapsed time", () => {
    const stream = new PassThrough();
    let t = 1_000;
    const progress = createProgress({ stream, now: () => t });
    const done = progress.start("latest-all", "install");
    t += 2_500;
    done("ok");
    progress.note("pinned", "reused environment");
    expect(String(stream.read())).toBe(
      "[latest-all] install ...\n[latest-all] install ok (2.5s)\n[pinned] reused environment\n",
    );
  });
});
