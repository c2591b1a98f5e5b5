/**
 * Progress on stderr for long steps (which variant, which step, elapsed). On a TTY a waiting step
 * redraws one line; elsewhere (CI logs) it prints plain lines and a heartbeat every 30 s, so a
 * log never goes silent for minutes while torch installs.
 */

/** Reports the start, heartbeat and end of named steps. */
export interface Progress {
  /**
   * Starts a step; the returned function ends it with a closing word (`ok`, `failed`, ...). With
   * `quietUnderMs`, a step that ends sooner prints nothing: only the slow ones need a line.
   */
  start(scope: string, step: string, opts?: { quietUnderMs?: number }): (outcome: string) => void;
  /** A one-off line. */
  note(scope: string, message: string): void;
}

/** Options: the stream and clock are parameters so tests can watch them. */
export interface ProgressOptions {
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  heartbeatMs?: number;
  now?: () => number;
  quiet?: boolean;
}

/** Makes a progress reporter over `stream` (stderr by default). */
export function createProgress(opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  const tty = "isTTY" in stream && stream.isTTY === true;
  const write = (line: string) => {
    if (!opts.quiet) stream.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  };
  const seconds = (since: number) => `${((now() - since) / 1000).toFixed(1)}s`;
  return {
    start(scope, step, startOpts = {}) {
      const since = now();
      let shown = false;
      const show = () => {
        shown = true;
        write(`[${scope}] ${step} ...`);
      };
      const delay = startOpts.quietUnderMs ? setTimeout(show, startOpts.quietUnderMs) : null;
      if (delay) delay.unref();
      else show();
      const timer = setInterval(() => write(`[${scope}] ${step} ... ${seconds(since)}`), heartbeatMs);
      timer.unref();
      return (outcome) => {
        clearInterval(timer);
        if (delay) clearTimeout(delay);
        if (!shown) return;
        write(`[${scope}] ${step} ${outcome} (${seconds(since)})`);
        if (tty && !opts.quiet) stream.write("\n");
      };
    },
    note(scope, message) {
      write(`[${scope}] ${message}`);
      if (tty && !opts.quiet) stream.write("\n");
    },
  };
}
