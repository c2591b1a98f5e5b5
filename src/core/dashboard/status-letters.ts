/**
 * One letter per result status, the dashboard's compact alphabet: the data writes a night as one
 * string of these letters, and the page reads them back to words from this same table (it is
 * bundled into the page script), so the two can never disagree. Pure, and imports nothing: the
 * browser bundle takes this file as it is.
 */

/** One letter per status; `-` a cell that night did not have. */
export const STATUS_LETTERS: Record<string, string> = {
  pass: "p",
  fail: "f",
  flaky: "k",
  "install-error": "i",
  unsatisfiable: "u",
  timeout: "t",
  "infra-error": "x",
  "stale-upstream": "s",
};
