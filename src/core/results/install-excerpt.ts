/**
 * The lines of an installer's output that say why an install failed: uv's `×`/`╰─▶` resolver
 * report and `error:` lines, pip's `ERROR:` lines. The rest (download progress, "Collecting ...")
 * is noise in a report, and is kept only when nothing better is found.
 */
import { cleanLines, stripAnsi } from "./parse-traceback.js";
import { parseResolverReport } from "./resolver-report.js";

const FALLBACK_LINES = 20;
const NETWORK =
  /Connection refused|Failed to fetch|Could not connect|Name or service not known|timed out|Temporary failure in name resolution|NewConnectionError|Max retries exceeded|dns error/i;

/** Lines from the first uv report marker (`×`, `error:`) to the end, or pip's `ERROR:` lines. */
export function excerptInstallError(output: string): string {
  const lines = stripAnsi(output)
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
  const uvStart = lines.findIndex((l) => /^\s*(×|error:)/.test(l));
  if (uvStart >= 0) {
    return lines
      .slice(uvStart)
      .filter((l) => l.trim() !== "")
      .join("\n");
  }
  // pip's "ERROR:" lines, and the block after "The conflict is caused by:" that says which ones.
  const causes = lines.findIndex((l) => l.trim() === "The conflict is caused by:");
  const causesEnd = causes < 0 ? -1 : lines.findIndex((l, i) => i > causes && l.trim() === "");
  const pip = lines.filter(
    (l, i) =>
      /^(ERROR|error):/.test(l.trim()) || (causes >= 0 && i >= causes && (causesEnd < 0 || i < causesEnd)),
  );
  if (pip.length > 0) return pip.join("\n");
  return lines
    .filter((l) => l.trim() !== "")
    .slice(-FALLBACK_LINES)
    .join("\n");
}

/** True when the failure looks like the index or a git host could not be reached (exit 3 material). */
export function isNetworkFailure(excerpt: string): boolean {
  return NETWORK.test(excerpt);
}

/**
 * The one line of an installer's output that says why it failed, for a skipped candidate's
 * record: the resolver's deepest reason (what is missing or clashing, not its conclusion), else
 * the last line that is not a hint (a build's exception comes last).
 */
export function installReasonOf(output: string): string {
  const report = parseResolverReport(output);
  if (report) return report.reason;
  const lines = cleanLines(output)
    .map((l) =>
      l
        .replace(/^[\s×│├╰─▶]+/u, "")
        .replace(/^(cause|error):\s*/, "")
        .trim(),
    )
    .filter((l) => l !== "" && !/^(hint|help|note):/i.test(l));
  return lines.pop() ?? "";
}
