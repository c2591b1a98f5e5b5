/**
 * `matrix init --extras a,b`: the optional dependency groups to compile into the lock. Extras only
 * reach the night through the lock (no matrix-file key): the lock installs their packages in every
 * variant and lists them as exact pins, which is what makes them trackable.
 */
import { InputError } from "../../errors.js";

const LOCK_FILE = "requirements.lock.txt";

/** The `--extras` names (comma-separated), checked: each an optional dependency group of a pyproject source, compiled by --lock. */
export function chooseExtras(
  flag: string | undefined,
  lock: boolean,
  requirements: string,
  groups: ReadonlyArray<{ extra: string }>,
): string[] {
  const asked = (flag ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (!asked.length) return [];
  if (!lock)
    throw new InputError(
      `--extras ${asked.join(",")}: extras are compiled into ${LOCK_FILE}; pass --lock too`,
    );
  if (requirements !== "pyproject.toml")
    throw new InputError(
      `--extras: the pins come from ${requirements}, which has no extras; extras come from pyproject.toml [project.optional-dependencies]`,
    );
  const known = groups.map((g) => g.extra);
  const unknown = asked.find((e) => !known.includes(e));
  if (unknown !== undefined)
    throw new InputError(
      `--extras ${unknown}: pyproject.toml has no such optional dependency group; it has ${known.join(", ") || "none"}`,
    );
  return asked;
}
