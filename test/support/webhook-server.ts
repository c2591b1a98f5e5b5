/**
 * A chat webhook on localhost, as Slack and Discord run them: it takes a JSON POST and answers
 * with a status. It records every request (failed ones included) and answers from a script, so a
 * test can have it fail a few times, fail for good, or never answer.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it. */
export interface WebhookRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  /** The raw body, to look for what must not be in it. */
  raw: string;
  body: unknown;
}

/** A running webhook; `url` is what the webhook variable would hold. */
export interface WebhookServer {
  url: string;
  requests: WebhookRequest[];
  close(): Promise<void>;
}

/**
 * Answers the n-th request with `statuses[n]` (the last one after that; 204 when empty, as
 * Discord answers). `"hang"` never answers.
 */
export async function startWebhookServer(statuses: Array<number | "hang"> = []): Promise<WebhookServer> {
  const requests: WebhookRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        contentType: req.headers["content-type"],
        raw,
        body,
      });
      const status = statuses[requests.length - 1] ?? statuses[statuses.length - 1] ?? 204;
      if (status === "hang") return;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // A path like Slack's, whose secret part must never be repeated anywhere.
    url: `http://127.0.0.1:${port}/services/T000/B000/s3cr3tHookPath`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
