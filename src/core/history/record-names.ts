/**
 * Which names in a history folder are records. Every record is written whole (a temp file, then
 * a rename: write-file-atomic names the temp file `<name>.<n>`), so a writer killed in between
 * leaves `<run>.json.<n>` behind: never a night, whole or not, and removed once it is old.
 */

/** A record's name: `<run>.json`, not a dot file (an editor's or a copier's). */
export function isRecordName(name: string): boolean {
  return name.endsWith(".json") && !name.startsWith(".");
}

/** `<name>.json.<n>`: the temp file of an interrupted atomic write. */
export function isLeftoverTemp(name: string): boolean {
  return /\.json\.\d+$/.test(name);
}

/** How old a leftover must be before a report removes it: a younger one may be a live write's. */
export const LEFTOVER_AGE_MS = 60_000;
