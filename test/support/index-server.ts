import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { extractZipEntry } from "../../src/core/tools/extract-zip-entry.js";

/** How the test index is set up. */
export interface IndexServerOptions {
  /** Directory whose `*.whl` and `*.tar.gz` files are the index; read on every request. */
  root: string;
  /** `both` (default) negotiates on Accept; `html` never serves JSON; `json` serves only JSON. */
  mode?: "json" | "html" | "both";
  /** Project name (any spelling) to the version or versions whose files are yanked. */
  yanked?: Record<string, string[] | string>;
  /** Answer the first n requests with 503, to exercise retries. */
  failFirst?: number;
  /** PEP 658/714: announce and serve each wheel's METADATA at `<file URL>.metadata`. */
  coreMetadata?: boolean;
}

/** A running test index. */
export interface IndexServer {
  /** The `/simple` index URL, as pip, uv and our client take it for `--index-url`. */
  url: string;
  close(): Promise<void>;
  /** Request paths in arrival order, failed ones included. */
  requests: string[];
}

interface Dist {
  filename: string;
  project: string;
  version: string;
  sha256: string;
}

const JSON_TYPE = "application/vnd.pypi.simple.v1+json";
const HTML_TYPES = ["application/vnd.pypi.simple.v1+html", "text/html"];

/** PEP 503 name normalisation. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** Name and version from a wheel (`name-ver-...whl`) or sdist (`name-ver.tar.gz`) filename. */
function parseDistFilename(filename: string): { project: string; version: string } | null {
  if (filename.endsWith(".whl")) {
    const [project, version] = filename.split("-");
    return project && version ? { project: normalizeName(project), version } : null;
  }
  const match = /^(.+)-(\d[^-]*)\.(tar\.gz|zip)$/.exec(filename);
  return match?.[1] && match[2] ? { project: normalizeName(match[1]), version: match[2] } : null;
}

async function listDists(root: string): Promise<Dist[]> {
  const names = (await readdir(root)).filter((f) => f.endsWith(".whl") || f.endsWith(".tar.gz")).sort();
  const dists: Dist[] = [];
  for (const filename of names) {
    const parsed = parseDistFilename(filename);
    if (!parsed) continue;
    const sha256 = createHash("sha256")
      .update(await readFile(join(root, filename)))
      .digest("hex");
    dists.push({ filename, ...parsed, sha256 });
  }
  return dists;
}

/** True when the client prefers PEP 691 JSON over HTML (a missing Accept or any wildcard means HTML). */
function prefersJson(accept: string | undefined): boolean {
  let jsonQ = 0;
  let htmlQ = 0;
  for (const part of (accept ?? "").split(",")) {
    const [type = "", ...params] = part.split(";").map((s) => s.trim());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (type === JSON_TYPE) jsonQ = Math.max(jsonQ, q);
    if (HTML_TYPES.includes(type) || type === "*/*") htmlQ = Math.max(htmlQ, q);
  }
  return jsonQ > 0 && jsonQ >= htmlQ;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Builds the per-request handler; the closure holds the request log and the failure countdown. */
function createHandler(opts: IndexServerOptions, requests: string[]) {
  const mode = opts.mode ?? "both";
  const yanked = new Map<string, Set<string>>();
  for (const [name, versions] of Object.entries(opts.yanked ?? {})) {
    yanked.set(normalizeName(name), new Set(typeof versions === "string" ? [versions] : versions));
  }
  let failuresLeft = opts.failFirst ?? 0;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(path);
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      return send(res, 503, "text/plain", "try again later");
    }
    const asJson = mode === "json" || (mode === "both" && prefersJson(req.headers.accept));
    const type = asJson ? JSON_TYPE : "text/html; charset=utf-8";
    const dists = await listDists(opts.root);

    if (path.startsWith("/files/") && path.endsWith(".whl.metadata") && opts.coreMetadata) {
      const filename = decodeURIComponent(path.slice("/files/".length, -".metadata".length));
      const dist = dists.find((d) => d.filename === filename);
      const [escaped, version] = filename.split("-");
      const wheel = dist ? await readFile(join(opts.root, filename)) : null;
      const metadata = wheel && extractZipEntry(wheel, `${escaped}-${version}.dist-info/METADATA`);
      return metadata ? send(res, 200, "text/plain", metadata) : send(res, 404, "text/plain", "not found");
    }
    if (path.startsWith("/files/")) {
      const filename = decodeURIComponent(path.slice("/files/".length));
      const dist = dists.find((d) => d.filename === filename);
      if (!dist) return send(res, 404, "text/plain", "not found");
      return send(res, 200, "application/octet-stream", await readFile(join(opts.root, filename)));
    }
    if (path === "/simple" || path === "/simple/") {
      if (path === "/simple") return redirect(res, "/simple/");
      const projects = [...new Set(dists.map((d) => d.project))];
      if (asJson)
        return send(
          res,
          200,
          type,
          JSON.stringify({ meta: { "api-version": "1.0" }, projects: projects.map((name) => ({ name })) }),
        );
      const links = projects.map((p) => `<a href="${p}/">${p}</a>`).join("\n");
      return send(res, 200, type, `<!DOCTYPE html>\n<html><body>\n${links}\n</body></html>\n`);
    }
    const match = /^\/simple\/([^/]+)\/?$/.exec(path);
    if (!match?.[1]) return send(res, 404, "text/plain", "not found");
    const project = normalizeName(decodeURIComponent(match[1]));
    // PyPI redirects other spellings to the normalised URL; clients must follow.
    if (path !== `/simple/${project}/`) return redirect(res, `/simple/${project}/`);
    const files = dists.filter((d) => d.project === project);
    if (files.length === 0) return send(res, 404, "text/plain", "not found");
    const isYanked = (d: Dist) => yanked.get(project)?.has(d.version) ?? false;

    if (asJson) {
      const body = {
        meta: { "api-version": "1.0" },
        name: project,
        files: files.map((d) => ({
          filename: d.filename,
          url: `../../files/${encodeURIComponent(d.filename)}`,
          hashes: { sha256: d.sha256 },
          yanked: isYanked(d),
          ...(opts.coreMetadata && d.filename.endsWith(".whl") ? { "core-metadata": true } : {}),
        })),
      };
      return send(res, 200, type, JSON.stringify(body));
    }
    const links = files.map((d) => {
      const href = `../../files/${encodeURIComponent(d.filename)}#sha256=${d.sha256}`;
      const metadata = opts.coreMetadata && d.filename.endsWith(".whl") ? ' data-core-metadata="true"' : "";
      return `<a href="${escapeHtml(href)}"${isYanked(d) ? ' data-yanked=""' : ""}${metadata}>${escapeHtml(d.filename)}</a><br/>`;
    });
    return send(
      res,
      200,
      type,
      `<!DOCTYPE html>\n<html><body>\n<h1>Links for ${project}</h1>\n${links.join("\n")}\n</body></html>\n`,
    );
  };
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(301, { location, "content-length": 0 });
  res.end();
}

/**
 * Starts a PEP 503 / PEP 691 simple index on 127.0.0.1 (random port) over the distributions in
 * `opts.root`, good enough for real `pip install` and `uv pip install --index-url`.
 */
export async function startIndexServer(opts: IndexServerOptions): Promise<IndexServer> {
  const requests: string[] = [];
  const handle = createHandler(opts, requests);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, "text/plain", String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // pip and uv keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}
