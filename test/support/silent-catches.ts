/**
 * Finds the places in TypeScript source where an error is turned into a value: the forms that
 * once made a torn record of a run folder pass for an absent one. A test holds every site in
 * `src/` to an allowlist with a reason (test/integration/no-silent-catches.test.ts); reading a
 * file goes through `unlessAbsent` (src/adapters/fs.ts), which maps only ENOENT to absent.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

/** One site: where, which form, and its first line. */
export interface CatchSite {
  file: string;
  line: number;
  form: CatchForm;
  text: string;
}

/** The forms found; each has a planted case in the guard test. */
export type CatchForm =
  | "catch-arrow-value"
  | "catch-arrow-block"
  | "bare-catch"
  | "then-reject-value"
  | "catch-return-value";

// A value an error is turned into: null, undefined, a boolean, an empty list, string or object, or a name.
const VALUE = String.raw`(?:null|undefined|false|true|\[\](?:\s+as\s+[\w\[\]<>]+)?|""|''|\{\}|\d+|[A-Za-z_$][\w$.]*)`;

const FORMS: Array<{ form: CatchForm; pattern: RegExp }> = [
  // .catch(() => null), .catch((_e) => []), .catch(() => "{}")
  { form: "catch-arrow-value", pattern: /\.catch\(\s*(?:\([^)]*\)|\w+)\s*=>(?!\s*\{)/g },
  // .catch((error) => { ... }): inspected, maybe rethrown; listed so each one is looked at.
  { form: "catch-arrow-block", pattern: /\.catch\(\s*(?:\([^)]*\)|\w+)\s*=>\s*\{/g },
  // try { ... } catch { ... }: the error is not even named.
  { form: "bare-catch", pattern: /\bcatch\s*\{/g },
  // .then(ok, () => false)
  {
    form: "then-reject-value",
    pattern: new RegExp(String.raw`,\s*\(\s*\w*\s*\)\s*=>\s*${VALUE}\s*,?\s*\)`, "g"),
  },
  // catch (error) { return null; }
  {
    form: "catch-return-value",
    pattern: new RegExp(
      String.raw`\bcatch\s*\(\s*\w+[^)]*\)\s*\{\s*(?://[^\n]*\s*)*return\s+${VALUE}\s*;?\s*\}`,
      "g",
    ),
  },
];

/** The sites in `source` (the text of `file`), in order. */
export function findCatchSites(file: string, source: string): CatchSite[] {
  const sites: CatchSite[] = [];
  for (const { form, pattern } of FORMS) {
    for (const match of source.matchAll(pattern)) {
      const before = source.slice(0, match.index);
      const line = before.split("\n").length;
      const text = (source.split("\n")[line - 1] ?? "").trim();
      // `then-reject-value` also matches a `.then(ok, () => x)` that is a second argument elsewhere:
      // only a `.then(` call counts.
      if (
        form === "then-reject-value" &&
        !/\.then\(/.test(source.slice(Math.max(0, match.index - 400), match.index))
      )
        continue;
      sites.push({ file, line, form, text });
    }
  }
  return sites.sort((a, b) => a.line - b.line);
}

/** Every `*.ts` under `dir` but tests (`*.test.ts`), paths relative to `root`. */
export async function listSources(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listSources(root, path)));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      out.push(relative(root, join(root, path)));
  }
  return out.sort();
}

/** The sites of every source file under `root/dir`. */
export async function scanSources(root: string, dir = "src"): Promise<CatchSite[]> {
  const sites: CatchSite[] = [];
  for (const file of await listSources(root, dir))
    sites.push(...findCatchSites(file, await readFile(join(root, file), "utf8")));
  return sites;
}
