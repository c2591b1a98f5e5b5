import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { redactStream } from "./redacted-streams.js";

/** A stream whose written text is collected, wrapped by the redactor with `env`. */
function watched(env: NodeJS.ProcessEnv) {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c.toString("utf8")));
  redactStream(stream, env);
  return { stream, text: () => chunks.join("") };
}

describe("redactStream", () => {
  it.each([
    ["a string", "failed with ghp_abcdefghijklmnopqrstuvwxyz0123\n", "failed with ***\n"],
    ["a Buffer", Buffer.from("token xoxb-123456789012-abcdefghij\n"), "token ***\n"],
    [
      "an annotation",
      "::error title=gate::failed with hf_AbCdEfGhIjKlMnOpQrStUvWx%0A\n",
      "::error title=gate::failed with ***%0A\n",
    ],
    ["a value of the environment", "saw opaque-value-77 here\n", "saw *** here\n"],
  ])("masks %s", (_label, chunk, expected) => {
    const { stream, text } = watched({ MY_API_SECRET: "opaque-value-77" });
    stream.write(chunk);
    expect(text()).toBe(expected);
  });

  it("keeps a key block masked across writes, and calls the callback", async () => {
    const { stream, text } = watched({});
    stream.write("-----BEGIN PRIVATE KEY-----\n");
    stream.write("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n");
    await new Promise<void>((resolve) => stream.write("-----END PRIVATE KEY-----\nafter\n", () => resolve()));
    expect(text()).toBe("-----BEGIN PRIVATE KEY-----\n***\n-----END PRIVATE KEY-----\nafter\n");
  });

  it("keeps paths: --json consumers read the run folder from stdout", () => {
    const { stream, text } = watched({});
    stream.write('{"run": "/home/alice/proj/reports/20261202-010000-aaaa"}\n');
    expect(text()).toBe('{"run": "/home/alice/proj/reports/20261202-010000-aaaa"}\n');
  });

  it("reads the secrets at each write and wraps a stream once", () => {
    const env: NodeJS.ProcessEnv = {};
    const { stream, text } = watched(env);
    redactStream(stream, env);
    env.LATE_TOKEN = "set-after-install";
    stream.write("x set-after-install y\n");
    expect(text()).toBe("x *** y\n");
  });
});
