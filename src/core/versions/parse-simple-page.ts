import { z } from "zod";
import type { IndexFile } from "./collect-releases.js";

/** PEP 691 JSON project page; only the fields we read, everything else passes. */
const JsonPage = z.object({
  meta: z.object({ "api-version": z.string() }).optional(),
  files: z.array(
    z.object({
      filename: z.string(),
      url: z.string(),
      hashes: z.record(z.string(), z.string()).default({}),
      "requires-python": z.string().nullish(),
      yanked: z.union([z.boolean(), z.string()]).optional(),
      // PEP 714 renamed PEP 658's key; either may be true or a hashes object.
      "core-metadata": z.union([z.boolean(), z.record(z.string(), z.string())]).optional(),
      "data-dist-info-metadata": z.union([z.boolean(), z.record(z.string(), z.string())]).optional(),
    }),
  ),
});

/**
 * Reads a PEP 691 JSON project page. Relative file URLs resolve against `pageUrl`, the URL the
 * page came from after redirects. Throws a plain Error describing what is malformed.
 */
export function parseJsonPage(body: string, pageUrl: string): IndexFile[] {
  const page = JsonPage.parse(JSON.parse(body));
  const major = page.meta?.["api-version"].split(".")[0];
  if (major !== undefined && major !== "1") throw new Error(`unsupported simple API version ${major}`);
  return page.files.map((f) => {
    const file: IndexFile = {
      filename: f.filename,
      url: stripFragment(new URL(f.url, pageUrl)),
      hashes: f.hashes,
      // PEP 691: a string is a yank reason, which means yanked even when empty.
      yanked: f.yanked !== undefined && f.yanked !== false,
    };
    if (typeof f.yanked === "string" && f.yanked !== "") file.yankedReason = f.yanked;
    if (f["requires-python"]) file.requiresPython = f["requires-python"];
    const metadata = f["core-metadata"] ?? f["data-dist-info-metadata"];
    if (metadata !== undefined && metadata !== false) file.coreMetadata = true;
    return file;
  });
}

/**
 * Reads a PEP 503 HTML project page: one anchor per file, the anchor text being the filename,
 * `#<hash>=<hex>` fragments, `data-yanked` (PEP 592) and `data-requires-python` (PEP 503).
 */
export function parseHtmlPage(body: string, pageUrl: string): IndexFile[] {
  const baseHref = /<base\s[^>]*href\s*=\s*["']?([^"'\s>]+)/i.exec(body)?.[1];
  const base = baseHref ? new URL(decodeEntities(baseHref), pageUrl).href : pageUrl;
  const files: IndexFile[] = [];
  for (const match of body.matchAll(/<a\s([^>]*)>([\s\S]*?)<\/a\s*>/gi)) {
    const attrs = readAttributes(match[1] ?? "");
    const href = attrs.get("href");
    if (!href) continue;
    const url = new URL(href, base);
    const text = decodeEntities((match[2] ?? "").replace(/<[^>]*>/g, "")).trim();
    const filename = text || decodeURIComponent(url.pathname.split("/").pop() ?? "");
    const [hashName, digest] = url.hash.slice(1).split("=");
    const file: IndexFile = {
      filename,
      url: stripFragment(url),
      hashes: hashName && digest ? { [hashName]: digest } : {},
      yanked: attrs.has("data-yanked"),
    };
    const reason = attrs.get("data-yanked");
    if (reason) file.yankedReason = reason;
    const requiresPython = attrs.get("data-requires-python");
    if (requiresPython) file.requiresPython = requiresPython;
    const metadata = attrs.get("data-core-metadata") ?? attrs.get("data-dist-info-metadata");
    if (metadata !== undefined && metadata !== "false") file.coreMetadata = true;
    files.push(file);
  }
  return files;
}

/** Attribute name (lower case) to its decoded value; a bare attribute maps to "". */
function readAttributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = m[1];
    if (name) attrs.set(name.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return attrs;
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the entities indexes use (`&gt;=3.8` in requires-python is the common one). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n =
        code[1] === "x" || code[1] === "X" ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isFinite(n) ? String.fromCodePoint(n) : whole;
    }
    return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
  });
}

function stripFragment(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = "";
  return copy.href;
}
