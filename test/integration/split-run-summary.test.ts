/**
 * A night split over runners, as the triage job downloads it: manifest.json, results/ from the
 * cells and bisect/ from the bisect jobs, no summary.json. readRunSummary attaches each bisect
 * record to the regressions it explains (the `.state.json` files are not records), and a broken
 * record is an input error naming the file.
 */

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { layoutOf } from "../../src/adapters/run-folder.js";
import type { ManifestVariant } from "../../src/core/variants/manifest.js";
import { manifestOf, manifestVariant } from "../../src/core/variants/manifest-fixtures.js";
import { readRunSummary } from "../../src/engine/triage/read-run-summary.js";
import { InputError } from "../../src/errors.js";

const SIGNATURE = "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'";
let dir: string;

const variant = (name: string, kind: "pinned" | "latest", peft: ManifestVariant["packages"][string]) =>
  manifestVariant(name, kind, "peft", peft);

const result = (name: string, status: "pass" | "fail") => ({
  variant: name,
  job: "lora",
  status,
  installed: { peft: name === "pinned" ? "0.13.0" : "0.14.0" },
  seconds: 3,
  attempts: 1,
  metrics: { steps: [], summary: {} },
  failure:
    status === "fail" ? { kind: "exception", signature: SIGNATURE, excerpt: SIGNATURE, blame: "peft" } : null,
});

const write = (path: string, value: unknown) => writeFile(join(dir, path), JSON.stringify(value));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "matrix-split-"));
  await Promise.all([mkdir(join(dir, "results")), mkdir(join(dir, "bisect"))]);
  await write(
    "manifest.json",
    manifestOf(
      "20261129-031700-0001",
      [
        variant("pinned", "pinned", { source: "pinned", requirement: "peft==0.13.0" }),
        variant("latest-peft", "latest", { source: "latest", version: "0.14.0" }),
      ],
      "2026-11-29T03:17:00Z",
    ),
  );
  await write("results/pinned--lora.json", result("pinned", "pass"));
  await write("results/latest-peft--lora.json", result("latest-peft", "fail"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readRunSummary of a split night", () => {
  it("attaches the bisect job's record to the regression of its culprit and job", async () => {
    await write("bisect/peft--lora.json", {
      status: "found",
      package: "peft",
      job: "lora",
      variant: "pinned",
      kind: "releases",
      first_bad: { ref: "0.14.0", title: "peft 0.14.0" },
      last_good: { ref: "0.13.0" },
    });
    // The resumable state sits next to it and is not a record.
    await write("bisect/peft--lora.state.json", { version: 1, candidates: ["0.13.0", "0.14.0"] });
    const summary = await readRunSummary(layoutOf(dir));
    expect(summary.blocked).toBe(false);
    expect(summary.regressions).toHaveLength(1);
    expect(summary.regressions[0]).toMatchObject({
      variant: "latest-peft",
      culprits: ["peft"],
      bisect: { package: "peft", job: "lora", status: "found", first_bad: "0.14.0", title: "peft 0.14.0" },
    });
    expect(summary.bisects).toHaveLength(1);
  });

  it("carries the record's reason for a bisect that found no first bad release", async () => {
    const reason = "0.13.0 fails too: the breakage is older than the range; bisect from an older good ref";
    await write("bisect/peft--lora.json", {
      status: "not-reproduced",
      reason,
      package: "peft",
      job: "lora",
      variant: "pinned",
      kind: "releases",
      first_bad: null,
      last_good: null,
    });
    const summary = await readRunSummary(layoutOf(dir));
    expect(summary.regressions[0]?.bisect).toMatchObject({
      status: "not-reproduced",
      reason,
      first_bad: null,
    });
  });

  it("leaves a regression without a bisect as it was", async () => {
    const summary = await readRunSummary(layoutOf(dir));
    expect(summary.regressions[0]?.bisect).toBeUndefined();
  });

  it("names a broken record and says what to do", async () => {
    await writeFile(join(dir, "bisect", "peft--lora.json"), '{"status": "found"}');
    const error = await readRunSummary(layoutOf(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /bisect\/peft--lora\.json: not a bisect record \(package: .*pick another --run/,
    );
  });
});
