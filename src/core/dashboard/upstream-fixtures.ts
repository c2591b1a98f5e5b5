/**
 * Three projects' nights for the upstream view's tests (unit and Chromium): transformers 4.47.0
 * passes everywhere it ran; 4.48.0 breaks alpha (bisected to the release), slows beta, and gamma
 * never tried it; 4.48.1 fixes alpha and passes for beta and gamma; an upstream commit breaks
 * alpha, bisected to an earlier commit with its pull request.
 */
import { cell, night } from "../history/fixtures.js";
import type { HistoryNight } from "../history/history-record.js";

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
