/**
 * The option half of a requirements line, read the way pip reads it: `shlex.split` (POSIX rules)
 * and then optparse with pip's requirement-file options, long-option prefixes included.
 */

/** A shell word with its position in the string it came from. */
export interface Word {
  value: string;
  start: number;
  end: number;
}

/** An option as optparse reads it, with positions in the option string. */
export interface ParsedOption {
  name: string;
  value?: string;
  start: number;
  end: number;
  valueStart?: number;
  valueEnd?: number;
}

/** Why the options could not be read, and where (index into the option string). */
export class OptionSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

// Every option pip accepts in a requirements file (pip 23-26), long name -> takes an argument.
const LONG_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ["--index-url", true],
  ["--pypi-url", true],
  ["--extra-index-url", true],
  ["--no-index", false],
  ["--constraint", true],
  ["--requirement", true],
  ["--editable", true],
  ["--find-links", true],
  ["--no-binary", true],
  ["--only-binary", true],
  ["--prefer-binary", false],
  ["--require-hashes", false],
  ["--pre", false],
  ["--trusted-host", true],
  ["--use-feature", true],
  ["--global-option", true],
  ["--hash", true],
  ["--config-settings", true],
]);

const SHORT_OPTIONS: ReadonlyMap<string, string> = new Map([
  ["-i", "--index-url"],
  ["-c", "--constraint"],
  ["-r", "--requirement"],
  ["-e", "--editable"],
  ["-f", "--find-links"],
  ["-C", "--config-settings"],
]);

/** Splits like Python's `shlex.split(s)`: whitespace separates, quotes group, backslash escapes. */
export function splitShellWords(text: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /[ \t\r\n]/.test(text[i] ?? "")) i += 1;
    if (i >= text.length) break;
    const start = i;
    let value = "";
    while (i < text.length && !/[ \t\r\n]/.test(text[i] ?? "")) {
      const c = text[i] ?? "";
      if (c === "'" || c === '"') {
        const close = findClosingQuote(text, i);
        value += unquote(text.slice(i + 1, close), c);
        i = close + 1;
      } else if (c === "\\") {
        if (i + 1 >= text.length)
          throw new OptionSyntaxError("a backslash ends the line with nothing to escape", i);
        value += text[i + 1];
        i += 2;
      } else {
        value += c;
        i += 1;
      }
    }
    words.push({ value, start, end: i });
  }
  return words;
}

function findClosingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i += 1) {
    if (quote === '"' && text[i] === "\\") i += 1;
    else if (text[i] === quote) return i;
  }
  throw new OptionSyntaxError(`no closing quotation (${quote}); close the quote or remove it`, open);
}

function unquote(inner: string, quote: string): string {
  // Inside double quotes POSIX shlex only lets a backslash escape `"` and `\`.
  return quote === '"' ? inner.replace(/\\(["\\])/g, "$1") : inner;
}

function resolveLong(flag: string, index: number): [string, boolean] {
  const exact = LONG_OPTIONS.get(flag);
  if (exact !== undefined) return [flag, exact];
  const matches = [...LONG_OPTIONS.keys()].filter((name) => name.startsWith(flag));
  const only = matches.length === 1 ? matches[0] : undefined;
  if (only !== undefined) return [only, LONG_OPTIONS.get(only) ?? false];
  if (matches.length > 1) {
    throw new OptionSyntaxError(`ambiguous option ${flag} (${matches.join(", ")}); spell it out`, index);
  }
  throw new OptionSyntaxError(
    `no such option ${flag} in a requirements file; remove it or fix its spelling`,
    index,
  );
}

/** Reads pip options from `text`; words that are not options are ignored, as optparse leaves them. */
export function parseOptions(text: string): ParsedOption[] {
  const words = splitShellWords(text);
  const out: ParsedOption[] = [];
  for (let k = 0; k < words.length; k += 1) {
    const word = words[k] as Word;
    if (word.value === "--") break;
    let name: string;
    let takesValue: boolean;
    let inline: string | undefined;
    let inlineStart = word.start;
    if (word.value.startsWith("--")) {
      const eq = word.value.indexOf("=");
      const flag = eq === -1 ? word.value : word.value.slice(0, eq);
      [name, takesValue] = resolveLong(flag, word.start);
      if (eq !== -1) [inline, inlineStart] = [word.value.slice(eq + 1), word.start + eq + 1];
      if (!takesValue && inline !== undefined) {
        throw new OptionSyntaxError(`${name} option does not take a value; write it alone`, word.start);
      }
    } else if (word.value.startsWith("-") && word.value.length > 1) {
      const flag = word.value.slice(0, 2);
      const long = SHORT_OPTIONS.get(flag);
      if (long === undefined) {
        throw new OptionSyntaxError(
          `no such option ${flag} in a requirements file; remove it or fix its spelling`,
          word.start,
        );
      }
      [name, takesValue] = [long, true];
      if (word.value.length > 2) [inline, inlineStart] = [word.value.slice(2), word.start + 2];
    } else {
      continue;
    }
    if (!takesValue) {
      out.push({ name, start: word.start, end: word.end });
    } else if (inline !== undefined) {
      out.push({
        name,
        value: inline,
        start: word.start,
        end: word.end,
        valueStart: inlineStart,
        valueEnd: word.end,
      });
    } else {
      const arg = words[k + 1];
      if (arg === undefined)
        throw new OptionSyntaxError(`${name} needs a value; write ${name} VALUE`, word.start);
      k += 1;
      out.push({
        name,
        value: arg.value,
        start: word.start,
        end: arg.end,
        valueStart: arg.start,
        valueEnd: arg.end,
      });
    }
  }
  return out;
}
