/**
 * What a night wrote that must not depend on how it ran (`matrix nightly` in one process, or a
 * night split over runners): its summary, drafts, digest, history record and gate, with what
 * differs by when and where it ran blanked.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A record with what differs by when and where it ran blanked: timings and dates, and the
 * folders of the runners (a runner's run folder is `<run>`, its checkout `<root>`), since each
 * job of a split night has a checkout of its own.
 */
function sameness(value: unknown, root: string, id: string): unknown {
  const TIMING = new Set(["seconds", "smoke_seconds", "date", "created", "tokens_per_s"]);
  if (Array.isArray(value)) return value.map((v) => sameness(v, root, id));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !TIMING.has(k))
        .map(([k, v]) => [k, sameness(v, root, id)]),
    );
  if (typeof value === "string") return placeless(value, root, id);
  return value;
}

/** `text` with each runner's run folder as `<run>` and each checkout (one, split) as `<root>`. */
function placeless(text: string, worldRoot: string, id: string): string {
  const root = worldRoot.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text
    .replace(new RegExp(`${root}/[^\\s"']*?/reports/${id}`, "g"), "<run>")
    .replace(new RegExp(`${root}/(one|split)`, "g"), "<root>");
}

export async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, "utf8"));
}

/** What the two modes must agree on, read from a run folder and its reports folder. */
export async function outcomeOf(root: string, run: string, id: string) {
  const drafts: Record<string, string> = {};
  for (const name of (await readdir(join(run, "issues")).catch(() => [] as string[])).sort())
    if (name.endsWith(".md"))
      drafts[name] = placeless(await readFile(join(run, "issues", name), "utf8"), root, id)
        .replace(/\b\d+(\.\d+)?\s?s\b/g, "<s>")
        // The bisect log's seconds column.
        .replace(/\| \d+(\.\d+)? \|$/gm, "| <s> |");
  const history = join(run, "..", "history", `${id}.json`);
  return {
    summary: sameness(await readJson(join(run, "summary.json")), root, id),
    drafts,
    digest: sameness(await readJson(join(run, "digest.json")), root, id),
    history: sameness(await readJson(history), root, id),
    gate: await readJson(join(run, "gate.json")),
  };
}
