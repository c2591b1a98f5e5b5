/**
 * Human text of `matrix bisect`: the verdict, then the culprit as a maintainer acts on it (ref,
 * title, PR and URL), the failure's signature it was matched on, the suspects the search tried
 * first, the last good ref, and every skipped candidate with why. The JSON record holds the same and more.
 */
import type { NightBisect } from "../core/triage/attach-bisects.js";

/** The fields of a bisect record the text reads (DESIGN.md's bisect record). */
export interface BisectText {
  status: string;
  reason?: string | null;
  package: string;
  kind: "commits" | "releases";
  candidates: number;
  steps: number;
  rounds: number;
  first_bad: { ref: string; title: string; pr: number | null; url: string | null } | null;
  last_good: { ref: string } | null;
  /** What the failure names and the commits that touch it, tried first (absent in old records). */
  suspects?: { clues: string[]; refs: string[] };
  /** Where each end's verdict came from (`source` null: it never had to run). */
  endpoints?: { good: { source: string | null }; bad: { source: string | null } };
  log: Array<{
    ref: string;
    verdict: string;
    signature?: string | null;
    reason?: string | null;
    detail?: string;
  }>;
}

/** A night's bisect as the summary keeps it (see docs/records.md, `bisect`). */
export type NightBisectText = Omit<NightBisect, "variant">;

/** One line per bisect of the night, its culprit's title, PR and link under it. */
export function formatNightBisect(b: NightBisectText): string {
  const moved = b.with ? ` (with ${b.with.join(", ")} moved)` : "";
  const head = `  bisect ${b.package}${moved} / ${b.job}: ${b.status}`;
  if (!b.first_bad) return b.reason ? `${head}: ${b.reason}` : head;
  const pr = b.pr && !(b.title ?? "").includes(`#${b.pr}`) ? ` (#${b.pr})` : "";
  const ref = /^[0-9a-f]{40}$/.test(b.first_bad) ? b.first_bad.slice(0, 12) : b.first_bad;
  const carried = b.carried_from ? ` (found on night ${b.carried_from}, not bisected again)` : "";
  return `${head}, first bad ${ref} ${b.title ?? ""}${pr}${carried}${b.url ? `\n    ${b.url}` : ""}`;
}

/** The lines printed for `record`. */
export function formatBisect(record: BisectText): string {
  const short = (ref: string) => (record.kind === "commits" ? ref.slice(0, 12) : ref);
  const first = record.first_bad;
  const lines = [
    `bisect ${record.package} (${record.kind}, ${record.candidates} candidates): ${record.status}`,
  ];
  if (first) {
    const pr = first.pr !== null && !first.title.includes(`#${first.pr}`) ? ` (#${first.pr})` : "";
    lines.push(`  first bad ${short(first.ref)}: ${first.title}${pr}`);
    if (first.url) lines.push(`  ${first.url}`);
  } else {
    lines.push(`  no first bad ref: ${record.reason ?? record.status}`);
  }
  // The signature every bad verdict was matched against: the bad endpoint's.
  const bad = record.log.find((l) => l.verdict === "bad" && l.signature);
  if (bad?.signature) lines.push(`  signature: ${bad.signature.split("\n")[0]}`);
  const suspects = record.suspects;
  if (suspects && suspects.refs.length > 0) {
    const count = `${suspects.refs.length} commit${suspects.refs.length === 1 ? "" : "s"}`;
    const which =
      first && suspects.refs.includes(first.ref) ? "the first bad is one" : "none is the first bad";
    lines.push(`  suspects: ${count} touching ${suspects.clues.join(", ")}, tried first; ${which}`);
  }
  lines.push(
    `  last good ${record.last_good ? short(record.last_good.ref) : "-"}; ${record.steps} steps in ${record.rounds} rounds${endsOf(record)}`,
  );
  for (const l of record.log.filter((e) => e.verdict === "skip"))
    lines.push(`  skipped ${short(l.ref)}: ${l.detail ?? l.reason ?? "untestable"}`);
  return lines.join("\n");
}

/** `; bad end from the night, good end not needed`: the smokes a bisect did not run, and why. */
function endsOf(record: BisectText): string {
  const ends = record.endpoints;
  if (!ends) return "";
  const say = (name: string, source: string | null) =>
    source === null
      ? `${name} end not needed`
      : source === "run"
        ? `${name} end run`
        : `${name} end from the ${source}`;
  return `; ${say("bad", ends.bad.source)}, ${say("good", ends.good.source)}`;
}
