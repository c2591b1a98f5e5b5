/**
 * The lines of an installer's output that say why an install failed: uv's `×`/`╰─▶` resolver
 * report and `error:` lines, pip's `ERROR:` lines. The rest (download progress, "Collecting ...")
 * is noise in a report, and is kept only when nothing better is found.
 */
import { stripAnsi } from "./parse-traceback.js";

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
  const pip = lines.filter((l) => /^(ERROR|error):/.test(l.trim()));
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
 * record: the resolver's first "Because ..." (what is missing or clashing, not its conclusion),
 * else the last line that is not a hint (a build's exception comes last).
 */
export function installReasonOf(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) =>
      l
        .replace(/^[\s×│├╰─▶]+/u, "")
        .replace(/^cause:\s*/, "")
        .trim(),
    )
    .filter((l) => l !== "" && !/^(hint|help|note):/i.test(l));
  return lines.find((l) => /^Because\b/.test(l)) ?? lines.pop() ?? "";
}
