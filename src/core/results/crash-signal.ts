/**
 * A job killed by a signal: which one, in words, and where Python was when it died. A crash in
 * native code (an extension built with instructions this CPU lacks dies of SIGILL on import)
 * leaves no traceback and often no output at all; jobs run with `PYTHONFAULTHANDLER=1`, so
 * Python's fault handler prints the crash site ("Fatal Python error: ..." and the frames, most
 * recent call first), and this file reads it. Pure.
 */

/** Signals a crash dies of, by number (Linux), with the words a maintainer recognises. */
const CRASH_SIGNALS: Record<number, [string, string]> = {
  4: ["SIGILL", "illegal instruction"],
  6: ["SIGABRT", "aborted"],
  7: ["SIGBUS", "bus error"],
  8: ["SIGFPE", "floating-point exception"],
  11: ["SIGSEGV", "segmentation fault"],
};

const OTHER_WORDS: Record<string, string> = {
  SIGKILL: "killed",
  SIGTERM: "terminated",
  SIGINT: "interrupted",
  SIGHUP: "hang-up",
  SIGPIPE: "broken pipe",
  SIGQUIT: "quit",
  SIGTRAP: "trace trap",
  SIGXCPU: "CPU time limit exceeded",
};

/**
 * The signal a job died of: the one the process reports, else the `128 + N` exit status bash
 * gives when a command it did not `exec` dies of crash signal N. 137 (`Killed`, the OOM killer) is
 * left an exit status: its "Killed" line already says it, and its signature stays what it was.
 */
export function crashSignalOf(exitCode: number | null, signal: string | null): string | null {
  if (signal !== null) return signal;
  if (exitCode === null || exitCode <= 128) return null;
  return CRASH_SIGNALS[exitCode - 128]?.[0] ?? null;
}

/** `SIGILL (illegal instruction)`; an unknown name alone. */
export function describeSignal(name: string): string {
  const crash = Object.values(CRASH_SIGNALS).find(([n]) => n === name)?.[1];
  const words = crash ?? OTHER_WORDS[name];
  return words ? `${name} (${words})` : name;
}

const FRAME = /^\s*File "([^"]+)", line \d+ in (\S+)/;

/** One frame of a fault handler's dump. */
export interface CrashFrame {
  file: string;
  func: string;
}

/**
 * The crash site from Python's fault handler, innermost first; empty when the output has no
 * fault-handler dump. Only the first dump is read: it is the thread that crashed ("Current
 * thread"), printed before the others.
 */
export function crashFramesOf(output: string): CrashFrame[] {
  const lines = output.split("\n");
  const start = lines.findIndex((l) =>
    /^(?:Current thread|Thread) 0x[0-9a-f]+ .*most recent call first/.test(l),
  );
  if (start < 0) return [];
  const frames: CrashFrame[] = [];
  for (const line of lines.slice(start + 1)) {
    const frame = FRAME.exec(line);
    if (!frame) break;
    frames.push({ file: frame[1] as string, func: frame[2] as string });
  }
  return frames;
}

/** The signal name a failure signature starts with (`signal SIGILL ...`), or null. */
export function signalOfSignature(signature: string): string | null {
  return /^signal (SIG[A-Z0-9]+)\b/.exec(signature)?.[1] ?? null;
}
