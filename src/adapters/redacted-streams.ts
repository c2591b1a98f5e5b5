/**
 * The process's own stdout and stderr, redacted at the last moment: every line a command prints,
 * every `::error` annotation `@actions/core` writes, commander's usage errors and the CLI's exit
 * messages pass one redactor (`redactText`), whoever wrote them. In a public repository's Actions
 * run, the log is readable by anyone; a token a job printed must reach it as `***`.
 */
import { StringDecoder } from "node:string_decoder";
import { collectSecrets, createLineRedactor } from "../core/results/redact.js";

const INSTALLED = Symbol.for("matrix.redactedStream");

type Write = NodeJS.WritableStream["write"];

/**
 * Wraps `stream.write` so that text is redacted line by line (a PEM key block stays masked across
 * writes); the credentials are read from `env` at each write, so a value set later counts too.
 * Installing twice is a no-op.
 */
export function redactStream(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): void {
  const marked = stream as NodeJS.WritableStream & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;
  const original = stream.write.bind(stream) as Write;
  const decoder = new StringDecoder("utf8");
  let known = "";
  let redactLine = createLineRedactor([], { keepPaths: true });
  const redact = (text: string): string => {
    const secrets = collectSecrets(env);
    // The same line redactor while the secrets stay the same, so an open key block stays open.
    if (secrets.join("\0") !== known) {
      known = secrets.join("\0");
      // Paths are kept: `--json` consumers read the run folder's path from stdout.
      redactLine = createLineRedactor(secrets, { keepPaths: true });
    }
    return text.split("\n").map(redactLine).join("\n");
  };
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const text =
      typeof chunk === "string"
        ? chunk
        : chunk instanceof Uint8Array
          ? decoder.write(Buffer.from(chunk))
          : String(chunk);
    const done = typeof encoding === "function" ? encoding : callback;
    return (original as (c: string, cb?: unknown) => boolean)(redact(text), done);
  };
  stream.write = write as Write;
}

/** Redacts everything this process prints from now on (stdout and stderr). */
export function redactProcessStreams(env: NodeJS.ProcessEnv = process.env): void {
  redactStream(process.stdout, env);
  redactStream(process.stderr, env);
}
