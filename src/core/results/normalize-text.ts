/**
 * Blanks what varies between two occurrences of the same breakage: paths (venvs and temp dirs
 * differ per run), memory addresses, commit shas, numbers (shapes, sizes, line numbers, ranks).
 * Identifiers that contain digits (`float16`, `Linear4bit`, `bnb_4bit`) are kept: they name things.
 */

const PATH = /(^|[\s'"`(=[{,:])((?:[A-Za-z]:)?(?:~|\.{1,2})?[\\/][^\s'"`()[\]{},;<>]*)/g;
const ADDRESS = /\b0x[0-9a-fA-F]+\b/g;
const SHA = /\b[0-9a-f]{7,64}\b/g;
const SHAPE = /\b\d+(?:\s*x\s*\d+)+\b/g;
const TOKEN = /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** Normalises one piece of text so the same failure compares equal across nights and commits. */
export function normalizeText(text: string): string {
  return text
    .replace(PATH, (_m, before: string, path: string) => (path.length > 1 ? `${before}<path>` : _m))
    .replace(ADDRESS, "<addr>")
    .replace(SHA, (sha) => (/\d/.test(sha) && /[a-f]/.test(sha) ? "<sha>" : sha))
    .replace(SHAPE, "<n>x<n>")
    .replace(TOKEN, (token) => (/^\d/.test(token) ? "<n>" : token))
    .replace(/\s+/g, " ")
    .trim();
}
