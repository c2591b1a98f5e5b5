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

  it.each([
    ["says nothing of a step quicker than quietUnderMs", 5, ""],
    ["shows a slow one once it passes quietUnderMs, then its end", 60, "[setup] uv ...\n[setup] uv fetched"],
  ])("%s", async (_what, waitMs, expected) => {
    const stream = new PassThrough();
    const done = createProgress({ stream }).start("setup", "uv", { quietUnderMs: 30 });
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    done("fetched");
    expect(
      String(stream.read() ?? "")
        .replace(/ \(\d+\.\ds\)/, "")
        .trimEnd(),
    ).toBe(expected);
  });
});
