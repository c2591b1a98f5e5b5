import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../../src/adapters/exec.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "exec-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** True while a process with this pid exists and is not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe("runProcess", () => {
  it.each<[string, string | string[], number | null]>([
    ["a passing shell line", "true", 0],
    ["an exit code", "exit 3", 3],
    ["an argv", ["python3", "-c", "import sys; sys.exit(7)"], 7],
    ["a missing command", "no-such-command-xyz", 127],
  ])("reports the exit code of %s", async (_name, command, exitCode) => {
    const result = await runProcess({ command, cwd: dir, timeoutMs: 30_000 });
    expect(result).toMatchObject({ exitCode, signal: null, timedOut: false });
  });

  it("interleaves stdout and stderr in order, streams to the log and to onLine", async () => {
    const logFile = join(dir, "logs", "a.log");
    const lines: string[] = [];
    const script =
      "import sys\nfor i in range(3):\n print('out', i, flush=True); print('err', i, file=sys.stderr, flush=True)\nprint('no newline', end='')";
    const result = await runProcess({
      command: ["python3", "-c", script],
      cwd: dir,
      timeoutMs: 30_000,
      logFile,
      onLine: (l) => lines.push(l),
    });
    const expected = ["out 0", "err 0", "out 1", "err 1", "out 2", "err 2", "no newline"];
    expect(result.output).toBe(expected.join("\n"));
    expect(await readFile(logFile, "utf8")).toBe(expected.join("\n"));
    expect(lines).toEqual(expected);
  });

  it("writes the log redacted line by line, a key block across lines, and keeps the raw tail", async () => {
    const logFile = join(dir, "logs", "secret.log");
    const token = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    const script = [
      `print('token ${token}', flush=True)`,
      "print('-----BEGIN PRIVATE KEY-----', flush=True)",
      "print('MIIEvQIBADANBgkqhkiG9w0BAQEF', flush=True)",
      "print('-----END PRIVATE KEY-----', flush=True)",
      "print('vendor', __import__('os').environ.get('EXEC_TEST_SECRET'), end='')",
    ].join("\n");
    const result = await runProcess({
      command: ["python3", "-c", script],
      cwd: dir,
      timeoutMs: 30_000,
      logFile,
      // Set for the job on purpose (a matrix `env:`): its value is still masked in the log.
      env: { EXEC_TEST_SECRET: "opaque-job-value-99" },
    });
    expect(await readFile(logFile, "utf8")).toBe(
      "token ***\n-----BEGIN PRIVATE KEY-----\n***\n-----END PRIVATE KEY-----\nvendor ***",
    );
    // The tail is judged (signature, excerpt) before the records are written redacted.
    expect(result.output).toContain(token);
  });

  it("keeps a character whose bytes arrive in two writes whole", async () => {
    const lines: string[] = [];
    const result = await runProcess({
      command: "printf 'caf\\xc3'; sleep 0.2; printf '\\xa9 ok\\n'",
      cwd: dir,
      timeoutMs: 30_000,
      onLine: (l) => lines.push(l),
    });
    expect(result.output).toBe("café ok\n");
    expect(lines).toEqual(["café ok"]);
  });

  it("keeps only the tail of a long output", async () => {
    const result = await runProcess({ command: "seq 1 100000", cwd: dir, timeoutMs: 30_000, tailChars: 13 });
    expect(result.output).toBe("99999\n100000\n");
  });

  it("runs in cwd with the given variables, never the harness's credentials", async () => {
    process.env.GITHUB_TOKEN = "ghs_secret";
    process.env.ACTIONS_RUNTIME_TOKEN = "rt";
    process.env.MY_API_KEY = "k";
    try {
      const result = await runProcess({
        // printenv prints only the variables that are set, in the order asked.
        command: 'pwd; printenv GITHUB_TOKEN ACTIONS_RUNTIME_TOKEN MY_API_KEY JOB_VAR; test -n "$PATH"',
        cwd: dir,
        env: { JOB_VAR: "yes" },
        timeoutMs: 30_000,
      });
      expect(result).toMatchObject({ exitCode: 0, output: `${dir}\nyes\n` });
      const full = await runProcess({
        command: "echo $GITHUB_TOKEN",
        cwd: dir,
        inherit: "full",
        timeoutMs: 30_000,
      });
      expect(full.output).toBe("ghs_secret\n");
    } finally {
      delete process.env.GITHUB_TOKEN;
      delete process.env.ACTIONS_RUNTIME_TOKEN;
      delete process.env.MY_API_KEY;
    }
  });

  it("on timeout kills the whole group, grandchildren included, even when they ignore SIGTERM", async () => {
    const pidFile = join(dir, "grandchild.pid");
    const command = `trap '' TERM; (trap '' TERM; exec sleep 1000) & echo $! > ${pidFile}; echo started; sleep 1000`;
    const result = await runProcess({ command, cwd: dir, timeoutMs: 500, graceMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.output).toBe("started\n");
    expect(result.durationMs).toBeLessThan(10_000);
    const grandchild = Number(await readFile(pidFile, "utf8"));
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitUntil(() => !isAlive(grandchild), 5_000)).toBe(true);
  });

  it("a polite job ends on SIGTERM without waiting for the grace period", async () => {
    const result = await runProcess({ command: "sleep 1000", cwd: dir, timeoutMs: 200, graceMs: 60_000 });
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: "SIGTERM" });
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it("leaves no background process behind after a normal exit", async () => {
    const pidFile = join(dir, "background.pid");
    const result = await runProcess({
      command: `sleep 1000 & echo $! > ${pidFile}; exit 0`,
      cwd: dir,
      timeoutMs: 30_000,
    });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    const background = Number(await readFile(pidFile, "utf8"));
    expect(await waitUntil(() => !isAlive(background), 5_000)).toBe(true);
  });

  it("reports a job killed by a signal as that signal, not an exit code", async () => {
    // A native extension built for another CPU dies of SIGILL on import: no exit code, no traceback.
    const result = await runProcess({
      command: [
        "python3",
        "-c",
        "import os, signal; print('loading', flush=True); os.kill(os.getpid(), signal.SIGILL)",
      ],
      cwd: dir,
      timeoutMs: 30_000,
    });
    expect(result).toMatchObject({ exitCode: null, signal: "SIGILL", timedOut: false, output: "loading\n" });
    expect(result.spawnError).toBeUndefined();
  });

  it("returns a spawn error as data when the cwd does not exist", async () => {
    const result = await runProcess({ command: "true", cwd: join(dir, "missing"), timeoutMs: 30_000 });
    // The system's words, not execa's wrapping: they go into the record's infra error as they are.
    expect(result.spawnError).toBe("spawn bash ENOENT");
    expect(result).toMatchObject({ exitCode: null, signal: null, timedOut: false });
  });
});
