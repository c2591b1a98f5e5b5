/**
 * Redaction of everything that may leave the machine (every stream, file, issue and payload):
 * the values of the harness's credentials wherever they appear, the `user:secret@` part of URLs,
 * `Authorization:` header values, the values of secret-named settings (`HF_TOKEN=...`), strings
 * shaped like well-known tokens, and home folders (they name the runner's user). Jobs never see
 * the credentials, but an installer's error can quote an index URL with its password, and a job
 * can print what it should not.
 */
import { isCredential } from "./scrub-env.js";
import { isPlaceholderValue, isSecretName } from "./secret-name.js";
import { AWS_SECRET_KEY, PEM_BEGIN, PEM_END, PEM_INLINE, SECRET_SHAPES } from "./secret-shapes.js";

const MASK = "***";

const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/@\s]+)@/gi;
// A git remote without its scheme still carries the Actions token this way.
const ACCESS_TOKEN_USER = /\bx-access-token:[^@\s/]+@/gi;
const AUTHORIZATION =
  /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|token|basic|digest|negotiate|ntlm|bot)\s+)?([^\s"',;]+)/gi;

// Values: quoted (the quotes stay), or a bare run up to a delimiter.
const VALUE = String.raw`(?:"[^"\n]*"|'[^'\n]*'|[^\s"'\`,;&|(){}\[\]<>]+)`;
const NAME = String.raw`[A-Za-z_][\w.-]*`;
const ASSIGNMENTS = [
  // NAME=value, NAME = "value", --name=value, export NAME=value (not `==`, a comparison or a pin).
  new RegExp(String.raw`(?<![\w.-])(?<head>-{0,2}(?<name>${NAME})\s*=(?!=)\s*)(?<value>${VALUE})`, "g"),
  // "name": "value" and 'name': 'value' (JSON, Python reprs).
  new RegExp(String.raw`(?<head>(?<q>["'])(?<name>${NAME})\k<q>\s*:\s*)(?<value>${VALUE})`, "g"),
  // name: value at the start of a line (YAML, an env listing).
  new RegExp(String.raw`^(?<head>\s*(?:-\s+)?(?<name>${NAME}):[ \t]+)(?<value>${VALUE})`, "gm"),
  // --token VALUE on a command line.
  new RegExp(String.raw`(?<![\w.-])(?<head>--(?<name>${NAME})[ \t]+)(?!-)(?<value>${VALUE})`, "g"),
];

// Home folders name the runner's user: /home/<user>, /Users/<user>, /root, C:\Users\<user>.
const HOME =
  /(?<![\w.~-])(?:\/home\/[^/\s"'`:;,()[\]<>]+|\/Users\/[^/\s"'`:;,()[\]<>]+|\/root)(?=[/\s"'`:;,)\]<>]|$)/g;
const WINDOWS_HOME = /\b[A-Za-z]:\\Users\\[^\\\s"'`:;,()[\]<>]+/g;

/** The secret values to look for: credential variables of `env` long enough to be secrets. */
export function collectSecrets(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].length >= 8)
    .filter(([name, value]) => isCredential(name, value))
    .map(([, value]) => value);
}

/** A value with its quotes kept and its content masked; a placeholder (`$HF_TOKEN`, `None`) is kept. */
function maskValue(value: string): string {
  const quoted = /^(["']).*\1$/s.test(value) && value.length >= 2;
  const inner = quoted ? value.slice(1, -1) : value;
  if (isPlaceholderValue(inner)) return value;
  return quoted ? `${value[0]}${MASK}${value[0]}` : MASK;
}

/** The named groups a setting pattern captures. */
interface Setting {
  head: string;
  name: string;
  value: string;
}

/** `text` with the values of secret-named settings masked. */
function maskAssignments(text: string): string {
  let out = text;
  for (const pattern of ASSIGNMENTS) {
    out = out.replace(pattern, (whole: string, ...args: unknown[]) => {
      const { head, name, value } = args[args.length - 1] as Setting;
      return isSecretName(name) ? `${head}${maskValue(value)}` : whole;
    });
  }
  return out;
}

/** The `user:password@` of a URL masked; `git@` and a password written as `${VAR}` are no secret. */
function maskUserinfo(whole: string, scheme: string, userinfo: string): string {
  if (userinfo === "git") return whole;
  const password = userinfo.includes(":") ? userinfo.slice(userinfo.indexOf(":") + 1) : null;
  if (password !== null && /^\$\{?[A-Za-z_]\w*\}?$/.test(password)) return whole;
  return `${scheme}${MASK}@`;
}

const AWS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;

/** What to mask besides secrets. */
export interface RedactOptions {
  /**
   * Keep home folders (default false: `/home/alice` becomes `~`). A record the harness reads back
   * (a manifest, a variant's requirements, a bisect's state) keeps its paths: they must still work.
   */
  keepPaths?: boolean;
}

/** One line with every known secret, URL password, secret setting, token shape and home folder masked. */
function redactOneLine(line: string, secrets: readonly string[], opts: RedactOptions): string {
  let out = line;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  const besideKeyId = AWS_KEY_ID.test(out);
  out = out
    .replace(PEM_INLINE, `$1${MASK}$3`)
    .replace(URL_USERINFO, maskUserinfo)
    .replace(ACCESS_TOKEN_USER, `x-access-token:${MASK}@`)
    .replace(AUTHORIZATION, (whole, head: string, scheme: string | undefined, value: string) => {
      if (isPlaceholderValue(value)) return whole;
      return scheme ? `${head}${scheme} ${MASK}` : `${head}${MASK}`;
    });
  out = maskAssignments(out);
  for (const shape of SECRET_SHAPES) out = out.replace(shape.pattern, shape.replacement ?? MASK);
  if (besideKeyId) out = out.replace(AWS_SECRET_KEY, MASK);
  return opts.keepPaths ? out : out.replace(HOME, "~").replace(WINDOWS_HOME, "~");
}

/**
 * A redactor for text that arrives line by line (a job's log as it streams): it remembers an open
 * PEM private key block, whose body lines become `***` (the line kept, so logs keep their lines).
 * Longer secrets are masked first, so a secret that contains another is masked whole.
 */
export function createLineRedactor(
  secrets: readonly string[],
  opts: RedactOptions = {},
): (line: string) => string {
  // A multi-line secret (a key in a variable) is looked for line by line.
  const pieces = secrets.flatMap((s) =>
    s.includes("\n") ? s.split(/\r?\n/).filter((p) => p.length >= 8) : [s],
  );
  const ordered = [...new Set(pieces)].filter((s) => s !== "").sort((a, b) => b.length - a.length);
  let inKey = false;
  return (line) => {
    if (inKey) {
      if (!PEM_END.test(line)) return line.replace(/^(\s*)\S.*?(\r?)$/, `$1${MASK}$2`);
      inKey = false;
      return line.replace(/^.*?(-----END )/, "$1");
    }
    const out = redactOneLine(line, ordered, opts);
    const begin = PEM_BEGIN.exec(out);
    if (begin && !PEM_END.test(out.slice(begin.index))) {
      inKey = true;
      return out.slice(0, begin.index + begin[0].length) + (out.endsWith("\r") ? "\r" : "");
    }
    return out;
  };
}

/** `text` with every known secret, URL password, secret setting, token shape, key block and home folder masked. */
export function redactText(text: string, secrets: readonly string[], opts: RedactOptions = {}): string {
  const redactLine = createLineRedactor(secrets, opts);
  return text.split("\n").map(redactLine).join("\n");
}

/** A deep copy of `value` with every string redacted (for JSON records). */
export function redactDeep<T>(value: T, secrets: readonly string[], opts: RedactOptions = {}): T {
  if (typeof value === "string") return redactText(value, secrets, opts) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets, opts)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets, opts)])) as T;
  }
  return value;
}
