/**
 * Run ids name the folders under `reports/`. They sort by time as plain strings, so "the newest
 * run" is the greatest name, and carry a random suffix so two runs in one second never collide.
 */

const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/** A new run id for `now`, e.g. `20261128-015300-a1b2`; `suffix` is 4 hex digits. */
export function makeRunId(now: Date, suffix: string): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${date}-${time}-${suffix}`;
}

/** Whether a folder name under `reports/` is a run (and not `history/` or `site/`). */
export function isRunId(name: string): boolean {
  return RUN_ID.test(name);
}

/** The newest run among folder names, or null. */
export function pickNewestRun(names: string[]): string | null {
  return names.filter(isRunId).sort().pop() ?? null;
}

/**
 * The run before `current` among folder names, or null: the newest run id that sorts before it.
 * A run folder not named as a run (`--run out/`) came after every run there.
 */
export function pickPreviousRun(names: string[], current: string): string | null {
  const before = names.filter((n) => isRunId(n) && n !== current && (!isRunId(current) || n < current));
  return before.sort().pop() ?? null;
}
