/**
 * The one answer to "is this requirement an exact pin?". A pin selects one release: a single
 * `==V` (no wildcard) or `===V` clause, with any other clauses of the specifier holding for V
 * (`transformers==4.47.1,<5` is the pin 4.47.1; `==4.47.1,<4` selects nothing and pins nothing).
 * Extras and markers do not change which release is selected; a direct reference (` @ URL`) is
 * not a version pin. Describing, relaxing, rewriting and reading resolved files all ask here.
 */
import { satisfies, valid } from "@renovatebot/pep440";
import type { RequirementLine } from "./model.js";

/** An exact pin: the release it selects, and whether `===` (arbitrary equality) selects it. */
export interface ExactPin {
  version: string;
  operator: "==" | "===";
}

const CLAUSE = /^(===|==)\s*(\S+)$/;

/** The exact pin of a requirement line, or null when it selects more (or other) than one release. */
export function exactPinOf(line: Pick<RequirementLine, "specifier" | "url">): ExactPin | null {
  if (line.url !== undefined) return null;
  return exactPinOfSpecifier(line.specifier);
}

/** The exact pin a specifier text (`==4.47.1`, `===1.0-custom`, `==4.47.1,<5`) selects, else null. */
export function exactPinOfSpecifier(specifier: string): ExactPin | null {
  const clauses = specifier
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
  const pins = clauses.map((c) => CLAUSE.exec(c)).filter((m) => m !== null);
  const [pin] = pins;
  if (pins.length !== 1 || !pin) return null;
  const operator = pin[1] as ExactPin["operator"];
  const version = pin[2] as string;
  if (operator === "===") return clauses.length === 1 ? { version, operator } : null;
  if (version.includes("*") || valid(version) === null) return null;
  const others = clauses.filter((c) => !CLAUSE.test(c)).join(",");
  if (others !== "" && !satisfies(version, others)) return null;
  return { version, operator };
}
