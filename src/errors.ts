/**
 * The three ways a command can end badly, each with its exit code. `src/cli.ts` maps them in one
 * place; everything else throws these (or returns data for expected outcomes such as a failing cell).
 */

/** Exit 2: the input is wrong. The message is one line, `file:line:col: what is wrong, what to do`. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** Where in a file an input error is; line and column are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** Builds the one-line located error the contract promises. */
export function inputErrorAt(pos: SourcePos, message: string): InputError {
  return new InputError(`${pos.file}:${pos.line}:${pos.col}: ${message}`);
}

/** Exit 3: the world is wrong (git, Python, the index or GitHub cannot be reached or misbehaves). */
export class WorldError extends Error {
  readonly exitCode = 3;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WorldError";
  }
}

/** Exit 2 for a command of the contract that is not built yet. */
export class NotBuiltError extends InputError {
  constructor(command: string) {
    super(`matrix ${command}: not built yet in this version (see docs/architecture.md for what exists)`);
    this.name = "NotBuiltError";
  }
}
