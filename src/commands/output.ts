/**
 * How commands speak: with `--json` the machine-readable result goes to stdout and the human text
 * to stderr; without it the human text goes to stdout. No colours, so NO_COLOR always holds.
 */

/** Where a command's output goes; tests pass their own streams. */
export interface OutputOptions {
  json: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Prints a command's result once, in the form the options ask for. */
export function emitResult(opts: OutputOptions, data: unknown, human: string): void {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const text = human.endsWith("\n") || human === "" ? human : `${human}\n`;
  if (opts.json) {
    stderr.write(text);
    stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  } else {
    stdout.write(text);
  }
}
