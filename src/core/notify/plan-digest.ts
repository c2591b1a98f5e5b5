/**
 * The nightly digest: one chat message with only what changed since the previous night (new
 * breakages, fixed ones, the gate flipping, `expected:` entries that expired or went stale), and
 * no message at all when nothing did. A breakage is known by its fingerprint, so the same
 * breakage in `latest-peft` and `latest-all` is one line. Pure: the two nights in, text out.
 */
import type { GateDecision, GateFinding } from "../gate/decide-gate.js";
import type { ExpectedEntryReport } from "../triage/mark-expected.js";

/** One night as the digest compares it: its gate verdict. */
export interface DigestNight {
  run: string;
  gate: GateDecision;
}

/** What changed, as `digest.json` records it; keys are fingerprints (or `kind:variant/job`). */
export interface DigestChanges {
  gate: { from: "pass" | "blocked" | null; to: "pass" | "blocked" } | null;
  new: string[];
  fixed: string[];
  /** Breakages that alert tonight and did last night: counted, not listed. */
  still: number;
  expired: string[];
  stale: string[];
}

/** The webhook body: `text` for Slack, `content` for Discord (same words), and what changed. */
export interface DigestPlan {
  body: { text: string; content: string };
  changes: DigestChanges;
}

// Discord refuses content over 2000 characters; a digest longer than that is no digest.
const MAX_CHARS = 1900;
const MAX_ITEMS = 8;

/** A finding's identity across nights. */
export function findingKey(f: GateFinding): string {
  return f.fingerprint ?? `${f.kind}:${f.variant}/${f.job}`;
}

const entryKey = (e: ExpectedEntryReport) => `${e.package ?? e.fingerprint}/${e.job}/${e.until}`;

/** Findings that are breakages (a flaky pass is not news), grouped by identity. */
function breakagesOf(gate: GateDecision): Map<string, GateFinding[]> {
  const groups = new Map<string, GateFinding[]>();
  for (const f of [...gate.blockers, ...gate.warnings, ...gate.expected]) {
    if (f.kind === "flaky") continue;
    groups.set(findingKey(f), [...(groups.get(findingKey(f)) ?? []), f]);
  }
  return groups;
}

/** The digest of `current` against `previous` (null on the first night), or null when nothing changed. */
export function planDigest(
  current: DigestNight,
  previous: DigestNight | null,
  opts: {
    title: string;
    link?: string | null;
    /**
     * Fingerprints the history says were red before tonight (`lifecycle.state` ongoing): not
     * news, even when the previous night could not try them.
     */
    ongoing?: ReadonlySet<string>;
  },
): DigestPlan | null {
  const now = breakagesOf(current.gate);
  const before = previous ? breakagesOf(previous.gate) : new Map<string, GateFinding[]>();
  const alerting = (groups: Map<string, GateFinding[]>) =>
    new Set([...groups].filter(([, fs]) => fs.some((f) => f.expected === null)).map(([k]) => k));
  const alertNow = alerting(now);
  const alertBefore = alerting(before);
  const oldEntries = new Set(
    previous ? [...previous.gate.entries.expired, ...previous.gate.entries.stale].map(entryKey) : [],
  );
  const changes: DigestChanges = {
    gate:
      previous?.gate.gate === current.gate.gate
        ? null
        : { from: previous?.gate.gate ?? null, to: current.gate.gate },
    new: [...alertNow].filter((k) => !alertBefore.has(k) && !opts.ongoing?.has(k)),
    fixed: [...before.keys()].filter((k) => !now.has(k)),
    still: [...alertNow].filter((k) => alertBefore.has(k) || opts.ongoing?.has(k)).length,
    expired: current.gate.entries.expired.map(entryKey).filter((k) => !oldEntries.has(k)),
    stale: current.gate.entries.stale.map(entryKey).filter((k) => !oldEntries.has(k)),
  };
  const { gate, still: _still, ...lists } = changes;
  if (gate === null && Object.values(lists).every((l) => l.length === 0)) return null;
  const text = renderDigest(current, changes, now, before, opts);
  return { body: { text, content: text }, changes };
}

function renderDigest(
  current: DigestNight,
  changes: DigestChanges,
  now: Map<string, GateFinding[]>,
  before: Map<string, GateFinding[]>,
  opts: {
    title: string;
    link?: string | null;
    /**
     * Fingerprints the history says were red before tonight (`lifecycle.state` ongoing): not
     * news, even when the previous night could not try them.
     */
    ongoing?: ReadonlySet<string>;
  },
): string {
  const state = (g: "pass" | "blocked") => (g === "pass" ? "✅ release gate passes" : "❌ release blocked");
  const flip = changes.gate?.from ? ` (was ${changes.gate.from === "pass" ? "passing" : "blocked"})` : "";
  const lines = [`${opts.title} ${current.run}: ${state(current.gate.gate)}${flip}`];
  if (current.gate.blocked && changes.gate) lines.push(...current.gate.reasons.map((r) => `  • ${r}`));
  const section = (title: string, keys: string[], line: (k: string) => string) => {
    if (keys.length === 0) return;
    lines.push(`${title} (${keys.length}):`, ...keys.slice(0, MAX_ITEMS).map((k) => `  • ${line(k)}`));
    if (keys.length > MAX_ITEMS) lines.push(`  • and ${keys.length - MAX_ITEMS} more`);
  };
  const blocking = (k: string) => (now.get(k) ?? []).some((f) => current.gate.blockers.includes(f));
  section(
    "New breakages",
    changes.new,
    (k) => `${blocking(k) ? "[blocks] " : ""}${describeGroup(now.get(k) ?? [])}`,
  );
  section("Fixed", changes.fixed, (k) => describeGroup(before.get(k) ?? [], true));
  if (changes.still > 0) lines.push(`Still broken: ${changes.still}`);
  const entries = [...current.gate.entries.expired, ...current.gate.entries.stale];
  const entryLine = (k: string) => {
    const e = entries.find((x) => entryKey(x) === k);
    return e
      ? `expected[${e.entry}] ${e.package ?? e.fingerprint} / ${e.job} (until ${e.until}): ${e.reason}`
      : k;
  };
  section("Expected entries expired (they alert again)", changes.expired, entryLine);
  section("Expected entries stale (the breakage is gone: remove them)", changes.stale, entryLine);
  if (opts.link) lines.push(opts.link);
  const text = lines.join("\n");
  return text.length <= MAX_CHARS ? text : `${text.slice(0, MAX_CHARS - 2)} …`;
}

/** `latest-peft, latest-all / smoke: fail, culprit peft, first bad 0.14.0: TypeError ...`. */
function describeGroup(findings: GateFinding[], fixed = false): string {
  const [first] = findings;
  if (!first) return "?";
  const variants = [...new Set(findings.map((f) => f.variant))].join(", ");
  const who = first.culprits.length > 0 ? `, culprit ${first.culprits.join(" + ")}` : "";
  if (fixed) return `${variants} / ${first.job}${who}`;
  const bad = first.first_bad ? `, first bad ${first.first_bad}` : "";
  const sig = first.signature && first.signature !== first.status ? `: ${first.signature.slice(0, 160)}` : "";
  return `${variants} / ${first.job}: ${first.status}${who}${bad}${sig}`;
}
