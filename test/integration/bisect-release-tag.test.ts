/**
 * A pinned release whose tag sits on a release branch (a version bump made after the branch was
 * cut, as transformers and peft release): a commit bisect up to main starts where that branch
 * left main, instead of refusing because the tag is no ancestor of main.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { addCommits } from "../support/git-repo.js";
import {
  fakeformersFiles,
  GOOD_INIT,
  type MiniWorld,
  makeMiniWorld,
  SMOKE_JOB,
} from "../support/mini-world.js";

let world: MiniWorld;
let upstream: string;
const main: string[] = [];

beforeAll(async () => {
  world = await makeMiniWorld("matrix-reltag-");
  upstream = world.upstreamUrl.replace("file://", "");
  const git = (...args: string[]) => execa("git", ["-C", upstream, ...args]);
  main.push(world.upstreamShas[0] as string);
  main.push(...(await addCommits(upstream, [{ message: "Docs (#103)", files: { "README.md": "docs\n" } }])));
  // The release branch: cut from main's second commit, a version bump, tagged there only.
  await git("checkout", "-q", "-b", "v1.2-release");
  await addCommits(upstream, [
    {
      message: "Release: v1.2.0",
      files: fakeformersFiles("1.2.0", `${GOOD_INIT}\n        self.released = True`),
    },
  ]);
  await git("tag", "v1.2.0");
  await git("checkout", "-q", "main");
  main.push(...(await addCommits(upstream, [{ message: "Logging (#104)", files: { "NOTES.md": "n\n" } }])));
  main.push(await world.breakUpstream());
  main.push(
    ...(await addCommits(upstream, [{ message: "Padding side (#106)", files: { "NOTES.md": "m\n" } }])),
  );
  await writeFile(join(world.root, "reqs", "released.txt"), "fakeformers==1.2.0\nfakedata==1.0.0\n");
  const matrix = {
    name: "reltag",
    project: { path: "../minitune", requirements: "../reqs/released.txt" },
    index: world.index.url,
    installer: "uv",
    packages: { fakeformers: { repo: world.upstreamUrl }, fakedata: {} },
    variants: ["pinned"],
    jobs: { smoke: SMOKE_JOB },
  };
  await writeFile(join(world.root, "matrices", "reltag.yml"), stringify(matrix));
});

afterAll(async () => {
  await world?.close();
});

describe("matrix bisect from a release tag off main", () => {
  it("starts at the commit the release branch was cut from", async () => {
    const cli = await world.cli([
      "bisect",
      "-m",
      "matrices/reltag.yml",
      "--package",
      "fakeformers",
      "--bad",
      "main",
      "--job",
      "smoke",
      "--run",
      "reports/reltag",
      "--json",
    ]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const record = JSON.parse(cli.stdout);
    expect(record).toMatchObject({
      status: "found",
      kind: "commits",
      good: main[1],
      bad: main[4],
      candidates: 4,
      first_bad: { ref: main[3], title: "Drop tokenizer (#102)", pr: 102 },
      last_good: { ref: main[2] },
      skipped: [],
    });
  });
});
