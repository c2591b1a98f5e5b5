/**
 * Reads the wrapper's verdict about one combination: `validate` prints
 * `{"verdict": "ok|warn|heal|refuse", "config": {...}, "reasons": [...]}`. A wrapper that exits
 * non-zero without that JSON refused the config (its message is the reason); output that is not
 * a verdict at all is said as such, so a broken `validate` command is not mistaken for a rule.
 */
import { z } from "zod";
import type { KnobVerdict } from "./model.js";

const verdictSchema = z.object({
  verdict: z.enum(["ok", "warn", "heal", "refuse"]),
  config: z.record(z.string(), z.unknown()).nullish(),
  reasons: z.array(z.string()).default([]),
});

/** The parsed verdict, or why the output is none. */
export type VerdictReading = { ok: true; verdict: KnobVerdict } | { ok: false; problem: string };

/** Parses `validate`'s stdout; the last line that parses as a verdict counts (logs may precede it). */
export function parseVerdict(stdout: string, exitCode: number | null, stderr = ""): VerdictReading {
  const text = stdout.trim();
  const candidates = [text, ...text.split("\n").reverse()];
  for (const candidate of candidates) {
    let json: unknown;
    try {
      json = JSON.parse(candidate);
    } catch {
      continue;
    }
    const parsed = verdictSchema.safeParse(json);
    if (parsed.success) {
      const { verdict, config, reasons } = parsed.data;
      return { ok: true, verdict: { verdict, config: config ?? null, reasons } };
    }
  }
  if (exitCode !== 0 && exitCode !== null) {
    const why = `${stderr}\n${stdout}`
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .pop();
    return {
      ok: true,
      verdict: { verdict: "refuse", config: null, reasons: [why ?? `validate exited ${exitCode}`] },
    };
  }
  const first = text.split("\n")[0]?.slice(0, 120) ?? "";
  return {
    ok: false,
    problem: `validate printed no verdict JSON (${first ? `got "${first}"` : "no output"})`,
  };
}
