/**
 * The one way matrix reads a JSON record it wrote earlier or was pointed at (a manifest, a result,
 * a summary, a bisect state): parse, then check with a zod schema, and turn either failure into
 * an InputError that names the file, the line and column (from the parser's position) or the
 * field, and what to do, instead of an "internal error".
 */
import type { z } from "zod";
import { InputError, inputErrorAt } from "../../errors.js";

/** What the record is (for the message) and what the user should do about a bad one. */
export interface RecordKind {
  /** `a matrix manifest`, `a result record`... */
  what: string;
  /** `pick another --run`, `remove it`... */
  fix: string;
}

/** Parses `text` (the content of `path`) as `kind` through `schema`; InputError when it is not. */
export function parseJsonRecord<S extends z.ZodType>(
  text: string,
  path: string,
  schema: S,
  kind: RecordKind,
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const { line, col } = locateJsonError(text, message);
    throw inputErrorAt({ file: path, line, col }, `not JSON (${message.split("\n")[0]}); ${kind.fix}`);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join(".") || "the top level";
  throw new InputError(`${path}: not ${kind.what} (${where}: ${issue?.message}); ${kind.fix}`);
}

/** Line and column of a JSON.parse error: V8 says `at position N` or `(line L column C)`. */
export function locateJsonError(text: string, message: string): { line: number; col: number } {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), col: Number(lineCol[2]) };
  const position = /position (\d+)/.exec(message);
  const at = position ? Number(position[1]) : text.length;
  const before = text.slice(0, at).split("\n");
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}
