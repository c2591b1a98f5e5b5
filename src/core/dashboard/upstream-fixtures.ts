/**
 * Three projects' nights for the upstream view's tests (unit and Chromium): transformers 4.47.0
 * passes everywhere it ran; 4.48.0 breaks alpha (bisected to the release), slows beta, and gamma
 * never tried it; 4.48.1 fixes alpha and passes for beta and gamma; an upstream commit breaks
 * alpha, bisected to an earlier commit with its pull request. Beside the nights, `matrix pr`
 * records of two upstream pull requests (threeProjectsPrs).
 */
import { cell, night } from "../history/fixtures.js";
import type { HistoryNight } from "../history/history-record.js";
import type { PrRecord } from "../history/pr-record.js";

const v = (version: string) => ({ versions: { transformers: version } });
const PIN = v("4.46.0");
const SHA_TIP = "a".repeat(40);
const SHA_BAD = "b".repeat(40);

const SUFFIX: Record<string, string> = { alpha: "a1a1", beta: "b2b2", gamma: "c3c3" };

/** The nights of one project, `matrix` set to its name, run ids its own (as random suffixes make them). */
const of = (project: string, nights: HistoryNight[]) =>
  nights.map((n) => ({ ...n, matrix: project, run: n.run.replace(/aaaa$/, SUFFIX[project] ?? "ffff") }));

/** alpha, beta and gamma over three nights. */
export function threeProjects(): HistoryNight[][] {
  const pinned = cell("pinned/lora:pass", PIN);
  const slow = { metrics: { final_loss: 1.5, seconds: 20, peak_memory_mb: 800, tokens_per_s: null } };
  const broken = (
    variant: string,
    version: string,
    bisect: Partial<NonNullable<ReturnType<typeof cell>["bisect"]>> | null,
  ) =>
    cell(`${variant}/lora:fail:transformers-1`, {
      ...v(version),
      bisect: bisect
        ? {
            package: "transformers",
            status: "found",
            kind: null,
            ref: null,
            title: null,
            pr: null,
            url: null,
            with: [],
            ...bisect,
          }
        : null,
    });
  return [
    of("alpha", [
      night(1, [pinned, cell("latest-transformers/lora:pass", v("4.47.0"))]),
      night(2, [
        pinned,
        broken("latest-transformers", "4.48.0", { kind: "releases", ref: "4.48.0" }),
        broken("upstream-transformers", SHA_TIP, {
          kind: "commits",
          ref: SHA_BAD,
          title: "Drop tokenizer",
          pr: 123,
          url: "https://github.com/huggingface/transformers/pull/123",
        }),
      ]),
      night(3, [pinned, cell("latest-transformers/lora:pass", v("4.48.1"))]),
    ]),
    of("beta", [
      night(1, [pinned, cell("latest-transformers/lora:pass", v("4.47.0"))]),
      night(2, [pinned, cell("latest-transformers/lora:pass", { ...v("4.48.0"), ...slow })]),
      night(3, [pinned, cell("latest-transformers/lora:pass", v("4.48.1"))]),
    ]),
    of("gamma", [night(1, [pinned]), night(3, [pinned, cell("latest-transformers/lora:pass", v("4.48.1"))])]),
  ];
}

/** What the view must say: change -> [alpha, beta, gamma]. */
export const EXPECTED_EFFECTS: Record<string, [string, string, string]> = {
  "transformers 4.48.1": ["fixes", "passes", "passes"],
  [`transformers ${SHA_BAD}`]: ["breaks", "unknown", "unknown"],
  [`transformers ${SHA_TIP}`]: ["breaks", "unknown", "unknown"],
  "transformers 4.48.0": ["breaks", "slows", "unknown"],
  "transformers 4.47.0": ["passes", "passes", "unknown"],
};

/** A pull request record of `project` on day `day` of March 2026: each cell `job:verdict`. */
export function prRecord(project: string, day: number, pr: number, head: string, cells: string[]): PrRecord {
  const side = (status: string) => ({
    status,
    signature: status === "fail" ? "TypeError: x" : null,
    numbers: { finalLoss: 1.5, secondsPerStep: 0.5, peakMemoryMb: 800 },
  });
  const dd = String(day).padStart(2, "0");
  return {
    version: 1,
    kind: "pr",
    run: `202603${dd}-120000-${SUFFIX[project] ?? "ffff"}`,
    date: `2026-03-${dd}T12:00:00.000Z`,
    matrix: project,
    package: "transformers",
    repo: "https://github.com/huggingface/transformers.git",
    pr,
    url: `https://github.com/huggingface/transformers/pull/${pr}`,
    head: { ref: `refs/pull/${pr}/head`, sha: head },
    base: { branch: "main", sha: SHA_TIP },
    cells: cells.map((spec) => {
      const [job = "", verdict = ""] = spec.split(":");
      const broken = ["regressed", "fixed", "broken-both"];
      return {
        job,
        verdict,
        base: side(verdict === "fixed" || verdict === "broken-both" ? "fail" : "pass"),
        head: side(broken.includes(verdict) && verdict !== "fixed" ? "fail" : "pass"),
        drifts: [],
        fixes: null,
      };
    }),
  };
}

const SHA_PR_OLD = "c".repeat(40);
const SHA_PR_NEW = "d".repeat(40);
const SHA_PR_457 = "e".repeat(40);

/**
 * The three projects' pull request records: #456 broke alpha's smoke at its first head and passes
 * at its second (the newer record stands), and breaks beta; #457 makes beta heavier (its other
 * cell passes); gamma never ran `matrix pr`.
 */
export function threeProjectsPrs(): PrRecord[][] {
  return [
    [
      prRecord("alpha", 2, 456, SHA_PR_OLD, ["lora:regressed"]),
      prRecord("alpha", 3, 456, SHA_PR_NEW, ["lora:passes-both", "knobs--gc:passes-both"]),
    ],
    [
      prRecord("beta", 3, 456, SHA_PR_NEW, ["lora:regressed", "knobs--gc:slower"]),
      prRecord("beta", 2, 457, SHA_PR_457, ["lora:passes-both", "knobs--gc:heavier"]),
    ],
    [],
  ];
}

/** What the pull request rows must say: `#N` -> [alpha, beta, gamma], and the head each row shows. */
export const EXPECTED_PR_EFFECTS: Record<string, { head: string; effects: [string, string, string] }> = {
  "#456": { head: SHA_PR_NEW, effects: ["passes", "breaks", "unknown"] },
  "#457": { head: SHA_PR_457, effects: ["unknown", "heavier", "unknown"] },
};
