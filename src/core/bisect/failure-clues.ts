/**
 * What a failure names. A maintainer who reads "cannot import name 'BoneConfig'" or "No module
 * named 'peft.tuners.bone'" runs `git log -S BoneConfig` before any bisect: the commit that took
 * the name away is the first one worth a smoke run. These are the names and modules the bad
 * end's signature gives; `scoreSuspects` finds the commits of the range that touch them, and the
 * search tests those first (a hint only: the verdicts still decide).
 */

/** The names and modules a failure signature mentions. */
export interface FailureClues {
  /** Identifiers (a removed class, a renamed argument, a function named in the message). */
  names: string[];
  /** Dotted module names as path fragments (`peft.tuners.bone` -> `peft/tuners/bone`). */
  modules: string[];
}

/**
 * Words too common to point at a commit: Python's own names, the normaliser's placeholders and
 * the parts of file names (`model.py`).
 */
const COMMON = new Set([
  "self",
  "cls",
  "None",
  "True",
  "False",
  "object",
  "NoneType",
  "type",
  "str",
  "int",
  "float",
  "bool",
  "list",
  "dict",
  "tuple",
  "set",
  "bytes",
  "module",
  "args",
  "kwargs",
  "path",
  "addr",
  "sha",
  "py",
  "pyc",
  "so",
  "txt",
  "json",
  "yaml",
  "cfg",
  "toml",
  "main",
  "init",
  "from",
  "import",
  "named",
  "name",
  "attribute",
  "argument",
  "keyword",
  "unexpected",
  "expected",
  "returned",
  "got",
]);

const QUOTED = /['"`]([A-Za-z_][\w.]*)['"`]/g;
const FROM_MODULE = /\bfrom ['"`]([A-Za-z_][\w.]*)['"`]/g;
const DOTTED = /(?<![\w.<])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![\w.])/g;
const CALLED = /(?<![\w.])([A-Za-z_]\w*)\(/g;
const FILE_SUFFIX =
  /\.(py|pyi|pyc|so|txt|json|jsonl|ya?ml|cfg|toml|md|csv|parquet|arrow|safetensors|bin|pt|pth|ckpt|gguf|onnx|h5|msgpack|model)$/;

/** Whether a word can point at a commit: long enough, not a dunder, not everyday Python. */
function isTelling(word: string): boolean {
  return word.length >= 3 && !/^__\w+__$/.test(word) && !COMMON.has(word);
}

/**
 * The clues of a failure signature (`Type: message @ frames`). Only the message is read: frames
 * name the wrapper's own call sites and everyday functions (`forward`, `train`) that many commits
 * touch. A dotted name gives its module path (when it has two parts or more) and its last part;
 * a package's own exception type is dotted too (`transformers.utils.SomeError`), a builtin one
 * (`ValueError`) names no code.
 */
export function cluesOf(signature: string): FailureClues {
  const message = signature.split(" @ ")[0] ?? "";
  const names = new Set<string>();
  const modules = new Set<string>();
  const addDotted = (dotted: string) => {
    if (FILE_SUFFIX.test(dotted)) return;
    // `LoraConfig.__init__` names the class: a dunder tail says nothing.
    const parts = dotted.split(".");
    while (parts.length > 1 && /^__\w+__$/.test(parts[parts.length - 1] ?? "")) parts.pop();
    const last = parts[parts.length - 1] ?? "";
    if (isTelling(last)) names.add(last);
    if (parts.length >= 2) modules.add(parts.join("/"));
  };
  // `cannot import name 'X' from 'peft.utils'`: the module the name was looked for in is where,
  // not what; as a name it would be the package's own, which every commit says.
  const from = new Set([...message.matchAll(FROM_MODULE)].map(([, module = ""]) => module));
  for (const [, quoted = ""] of message.matchAll(QUOTED)) {
    if (from.has(quoted)) {
      if (quoted.includes(".")) modules.add(quoted.split(".").join("/"));
    } else if (quoted.includes(".")) addDotted(quoted);
    else if (isTelling(quoted)) names.add(quoted);
  }
  for (const [, dotted = ""] of message.matchAll(DOTTED)) if (!from.has(dotted)) addDotted(dotted);
  for (const [, called = ""] of message.matchAll(CALLED)) if (isTelling(called)) names.add(called);
  return { names: [...names].sort(), modules: [...modules].sort() };
}

/** Whether there is anything to look for. */
export function hasClues(clues: FailureClues): boolean {
  return clues.names.length > 0 || clues.modules.length > 0;
}
