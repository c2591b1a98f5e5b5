/**
 * The wheel builds of one commit bisect, in a queue with two lanes. A wheel a step is waiting for
 * is built before any prefetched one: a prefetch is a guess over every outcome of the running
 * round, and a step of the next round must not wait behind guesses that did not come true. The
 * guesses are replaced, not added to, when a new round's plan comes, so the ones no outcome can
 * need any more are never started; builds already running are left to finish into the cache.
 */
import type { CommitWheel } from "../../adapters/commit-wheels.js";

/** One bisect's builds: each commit's wheel built at most once, at most `parallel` at a time. */
export interface WheelQueue {
  /** The wheel of `sha`, built ahead of every prefetch that has not started yet. */
  need(sha: string): Promise<CommitWheel>;
  /** The guesses to build when no step waits, likeliest first; replaces the earlier ones. */
  prefetch(shas: readonly string[]): void;
  /** Drops the guesses not started and waits for the builds in flight. */
  settle(): Promise<void>;
}

interface Waiter {
  resolve: (wheel: CommitWheel) => void;
  reject: (error: unknown) => void;
}

/** Makes the queue over `build` (one commit's wheel, e.g. `ensureCommitWheel`). */
export function makeWheelQueue(build: (sha: string) => Promise<CommitWheel>, parallel: number): WheelQueue {
  const started = new Map<string, Promise<CommitWheel>>();
  const waiting = new Map<string, Waiter[]>();
  const needed: string[] = [];
  let guesses: string[] = [];
  let running = 0;

  const start = (sha: string) => {
    running++;
    const promise = build(sha);
    started.set(sha, promise);
    const waiters = waiting.get(sha) ?? [];
    waiting.delete(sha);
    promise.then(
      (wheel) => {
        for (const w of waiters) w.resolve(wheel);
      },
      (error: unknown) => {
        for (const w of waiters) w.reject(error);
      },
    );
    // A failed build is an outcome the step reports; the queue only moves on.
    void promise
      .catch(() => undefined)
      .finally(() => {
        running--;
        pump();
      });
  };
  const pump = () => {
    while (running < parallel) {
      const sha = needed.shift() ?? guesses.shift();
      if (sha === undefined) return;
      if (!started.has(sha)) start(sha);
    }
  };

  return {
    need(sha) {
      const known = started.get(sha);
      if (known) return known;
      return new Promise<CommitWheel>((resolve, reject) => {
        const waiters = waiting.get(sha);
        if (waiters) waiters.push({ resolve, reject });
        else {
          waiting.set(sha, [{ resolve, reject }]);
          needed.push(sha);
        }
        pump();
      });
    },
    prefetch(shas) {
      guesses = shas.filter((sha) => !started.has(sha));
      pump();
    },
    async settle() {
      guesses = [];
      await Promise.allSettled([...started.values()]);
    },
  };
}
