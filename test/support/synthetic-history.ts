/**
 * A big synthetic history for the kill test and the dashboard bench: `nights` nights of `cells`
 * (variant, job) cells each, with breakages that start, last and get fixed, flaky cells, an
 * unreachable upstream now and then, and metrics that creep. Deterministic (a seeded generator).
 */
import type { HistoryCell, HistoryNight } from "../../src/core/history/history-record.js";
import { makeRunId } from "../../src/core/runs/run-id.js";

const PACKAGES = ["transformers", "peft", "accelerate", "bitsandbytes"];

/** The (variant, job) columns: pinned, latest-each, latest-all, upstream-each, upstream-all x jobs. */
function columnsFor(count: number): Array<[string, string]> {
  const variants = [
    "pinned",
    ...PACKAGES.map((p) => `latest-${p}`),
    "latest-all",
    ...PACKAGES.map((p) => `upstream-${p}`),
    "upstream-all",
  ];
  const jobs = ["lora-smoke", "qlora-smoke", "full-smoke", "dpo-smoke"];
  const cols: Array<[string, string]> = [];
  for (const job of jobs) for (const v of variants) cols.push([v, job]);
  return cols.slice(0, count);
}

/** A seeded random number generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `nights` nights of `cells` cells, one a day from 2025-01-01. */
export function makeSyntheticHistory(nights: number, cells: number, seed = 7): HistoryNight[] {
  const random = seeded(seed);
  const cols = columnsFor(cells);
  const out: HistoryNight[] = [];
  // Breakages: a package breaks a job on upstream variants for a stretch of nights.
  const spans = Array.from({ length: Math.max(1, Math.floor(nights / 20)) }, (_, i) => {
    const start = Math.floor(random() * nights);
    return {
      pkg: PACKAGES[i % PACKAGES.length] as string,
      job: cols[i % cols.length]?.[1] as string,
      start,
      end: start + 1 + Math.floor(random() * 15),
      sig: `TypeError: forward() got an unexpected keyword argument 'arg${i}'`,
    };
  });
  for (let n = 0; n < nights; n++) {
    const date = new Date(Date.UTC(2025, 0, 1 + n, 2, 0, 0));
    const run = makeRunId(date, (n % 65536).toString(16).padStart(4, "0"));
    const night: HistoryNight = {
      version: 1,
      run,
      date: date.toISOString(),
      matrix: "synthetic",
      blocked: false,
      cells: [],
    };
    for (const [variant, job] of cols) {
      const span = spans.find(
        (s) =>
          s.job === job &&
          n >= s.start &&
          n < s.end &&
          (variant.endsWith(`-${s.pkg}`) || variant.endsWith("-all")) &&
          variant.startsWith("upstream"),
      );
      const roll = random();
      const status: HistoryCell["status"] = span
        ? "fail"
        : roll < 0.01
          ? "flaky"
          : roll < 0.015
            ? "infra-error"
            : "pass";
      const fingerprint = span ? `${span.pkg}-${span.job}-${span.start}`.padEnd(16, "0").slice(0, 16) : null;
      night.cells.push({
        variant,
        job,
        status,
        versions: Object.fromEntries(
          PACKAGES.map((p) => [
            p,
            variant.startsWith("upstream")
              ? (n * 7919 + p.length).toString(16).padStart(40, "0")
              : `4.${40 + Math.floor(n / 30)}.0`,
          ]),
        ),
        signature: span ? span.sig : null,
        fingerprint,
        culprits: span ? [span.pkg] : [],
        evidence: span ? "single-package-variant" : null,
        bisect: span
          ? {
              package: span.pkg,
              status: "found",
              kind: "commits",
              ref: (span.start * 104729).toString(16).padStart(40, "a"),
              title: `Refactor the forward pass (#${1000 + span.start})`,
              pr: 1000 + span.start,
              url: `https://github.com/example/${span.pkg}/pull/${1000 + span.start}`,
              with: [],
            }
          : null,
        issue: span
          ? {
              repo: "example/wrapper",
              number: 100 + span.start,
              url: `https://github.com/example/wrapper/issues/${100 + span.start}`,
              state: "open",
            }
          : null,
        expected: null,
        excerpt: span ? `Traceback (most recent call last):\n  File "train.py", line 12\n${span.sig}` : null,
        log: `${run}/logs/${variant}--${job}.log`,
        metrics: {
          final_loss:
            status === "pass" ? 1.2 + random() * 0.2 + (variant.startsWith("upstream") ? n / 2000 : 0) : null,
          seconds: 40 + random() * 5 + n / 50,
          peak_memory_mb: 800 + Math.floor(random() * 40) + (variant.startsWith("upstream") ? n : 0),
          tokens_per_s: 950,
        },
      });
    }
    out.push(night);
  }
  return out;
}
