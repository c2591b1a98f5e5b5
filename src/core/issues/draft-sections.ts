/**
 * The sections of an issue draft that say what broke and where the breakage came in: the cell,
 * the culprits with the evidence that names them, and the bisect's first bad release or commit
 * with its title, author, pull request and compare view.
 */
import { compareUrlOf, gitHubRepoOf } from "../bisect/pr-link.js";
import { bisectSizeOf } from "./bisect-log.js";
import { type DraftInput, describeState, repoOf } from "./draft-input.js";
import { codeSpan, countOf, cutEnd } from "./markdown.js";

const EVIDENCE: Record<string, string> = {
  "only-package-moved": "the only package this variant moves",
  "single-package-variant": "a variant moving it alone fails the same way",
  interaction: "they break it only together: each alone passes (interaction search)",
  traceback: "the failing frame is in its files (no single-package variant confirms it)",
  resolver: "the resolver refuses its release: a requirement of it cannot be met",
  none: "no single package could be blamed",
};

/** `pkg` `pin` → `new`, as the variant moved it. */
function moveOf(input: DraftInput, pkg: string): string {
  const pin = input.pins[pkg];
  const now = describeState(input.variant.packages[pkg]);
  return pin ? `${codeSpan(pkg)} ${codeSpan(pin)} → ${codeSpan(now)}` : `${codeSpan(pkg)} ${codeSpan(now)}`;
}

/** A one-line account of the metrics a failing job reported (steps, loss, peak memory). */
function metricsLine(result: DraftInput["result"]): string | null {
  const steps = result?.metrics.steps ?? [];
  const losses = steps.map((s) => s.loss);
  const parts: string[] = [];
  if (steps.length > 0) {
    const fmt = (v: number | null | undefined) => (typeof v === "number" ? String(+v.toPrecision(4)) : "NaN");
    parts.push(
      `${countOf(steps.length, "step")}, loss ${fmt(losses[0])} → ${fmt(losses[losses.length - 1])}`,
    );
  }
  const peak = result?.metrics.summary.peak_memory_mb;
  if (typeof peak === "number") parts.push(`peak memory ${peak} MB`);
  return parts.length > 0 ? parts.join("; ") : null;
}

/** "What broke": the cell, the culprits and why, the signature, the other cells it shows in. */
export function whatBrokeSection(input: DraftInput): string {
  const r = input.regression;
  const lines = [
    "## What broke",
    "",
    `Job ${codeSpan(r.job)} fails in variant ${codeSpan(r.variant)}; the pinned requirements do not fail it.`,
    "",
  ];
  const why = EVIDENCE[r.evidence] ?? r.evidence;
  if (r.culprits.length > 1) {
    lines.push(`- **Culprits**: ${r.culprits.map((p) => moveOf(input, p)).join(" and ")}: ${why}`);
  } else if (r.culprits.length === 1) {
    lines.push(`- **Culprit**: ${moveOf(input, r.culprits[0] as string)}: ${why}`);
  } else {
    const moved = input.variant.moves.map((p) => moveOf(input, p)).join(", ");
    lines.push(`- **Culprit**: unknown (${why}); the variant moves ${moved || "nothing"}`);
  }
  if (r.cleared.length > 0)
    lines.push(`- **Cleared**: ${r.cleared.map(codeSpan).join(", ")} moved too, but are not needed to fail`);
  const failure = input.result?.failure;
  const attempts = input.result ? `, ${countOf(input.result.attempts, "attempt")}` : "";
  lines.push(`- **Status**: ${codeSpan(r.status)}${failure ? ` (${failure.kind})` : ""}${attempts}`);
  lines.push(`- **Signature**: ${codeSpan(cutEnd(r.signature, 500))}`);
  const metrics = metricsLine(input.result);
  if (metrics) lines.push(`- **Metrics**: ${metrics}`);
  const also = (input.alsoIn ?? []).map((c) =>
    codeSpan(c.job === r.job ? c.variant : `${c.variant}/${c.job}`),
  );
  if (also.length > 0) lines.push(`- **Also fails the same way in**: ${also.join(", ")}`);
  return lines.join("\n");
}

/** The commit page of `sha` on GitHub, or null for another host. */
function commitUrlOf(repo: string | null, sha: string): string | null {
  const gh = repo ? gitHubRepoOf(repo) : null;
  return gh ? `https://github.com/${gh.owner}/${gh.name}/commit/${sha}` : null;
}

/** The bisect's answer, or why there is none. */
export function firstBadSection(input: DraftInput): string {
  const r = input.regression;
  const record = input.bisect;
  const night = r.bisect;
  const kind = record?.kind === "commits" ? "commit" : "release";
  const lines = [`## First bad ${record ? kind : "release or commit"}`, ""];
  if (!record) {
    if (night) {
      const why = typeof night.reason === "string" ? `: ${cutEnd(night.reason, 1000)}` : "";
      lines.push(`Bisect of ${codeSpan(night.package)}: ${codeSpan(cutEnd(night.status, 1000))}${why}.`);
      if (night.first_bad)
        lines.push("", `First bad: ${codeSpan(night.first_bad)} ${codeSpan(night.title ?? "")}`);
    } else if (r.culprits.length === 0) lines.push("Not bisected: no culprit package was identified.");
    else lines.push(`Not bisected: no bisect of ${codeSpan(r.culprit ?? "")} ran for this job tonight.`);
    return lines.join("\n");
  }
  const pkg = record.package;
  const repo = repoOf(input, pkg);
  const held = night?.with ?? [];
  if (held.length > 0) {
    const others = held.map(codeSpan).join(", ");
    lines.push(`Bisected ${codeSpan(pkg)} with ${others} held at ${codeSpan(r.variant)}'s versions.`, "");
  } else if (record.note) lines.push(`Bisect note: ${codeSpan(record.note)}.`, "");
  const first = record.first_bad;
  if (record.status !== "found" && record.status !== "ambiguous") {
    lines.push(`Bisect status: ${codeSpan(record.status)}: ${record.reason ?? "no reason given"}.`);
    return lines.join("\n");
  }
  if (!first) return [...lines, `Bisect status: ${codeSpan(record.status)}.`].join("\n");
  const lastGood = record.last_good?.ref ?? null;
  if (record.status === "ambiguous") {
    const among = record.ambiguous.map((ref) => codeSpan(kind === "commit" ? ref.slice(0, 12) : ref));
    lines.push(
      `Ambiguous: the first bad ${kind} is one of ${among.join(", ")}; the others could not be tested.`,
    );
    lines.push("");
  }
  if (kind === "release") {
    lines.push(`- **First bad release**: ${codeSpan(pkg)} **${codeSpan(first.ref)}**`);
    if (lastGood) lines.push(`- **Last good release**: ${codeSpan(lastGood)}`);
    if (!input.index)
      lines.push(`- **Release page**: https://pypi.org/project/${pkg}/${encodeURIComponent(first.ref)}/`);
  } else {
    const link = commitUrlOf(repo, first.ref);
    const sha = codeSpan(first.ref.slice(0, 12));
    lines.push(`- **First bad commit**: ${link ? `[${sha}](${link})` : codeSpan(first.ref)}`);
    if (lastGood) lines.push(`- **Last good commit**: ${codeSpan(lastGood)}`);
  }
  const named = first.title && first.title !== first.ref && first.title !== `${pkg} ${first.ref}`;
  if (named) lines.push(`- **Title**: ${codeSpan(cutEnd(first.title ?? "", 300))}`);
  if (first.author || first.date)
    lines.push(
      `- **Author**: ${codeSpan(first.author ?? "?")}${first.date ? ` on ${codeSpan(first.date)}` : ""}`,
    );
  const compare = repo && lastGood && kind === "commit" ? compareUrlOf(repo, lastGood, first.ref) : null;
  const pull =
    first.pr !== null && first.pr !== undefined && first.url && first.url !== compare ? first.url : null;
  // A bare `#N` would link the issue of the repository it is filed in: only full links, or code.
  if (first.pr !== null && first.pr !== undefined)
    lines.push(`- **Pull request**: ${pull ?? `${codeSpan(`#${first.pr}`)} of ${codeSpan(repo ?? pkg)}`}`);
  if (compare ?? (first.url && !pull)) lines.push(`- **Compare**: ${compare ?? first.url}`);
  lines.push(`- **Bisect**: ${bisectSizeOf(record)}`);
  return lines.join("\n");
}
