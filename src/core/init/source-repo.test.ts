import { describe, expect, it } from "vitest";
import { parseMetadataUrls, pickSourceRepo } from "./source-repo.js";

describe("pickSourceRepo", () => {
  it.each([
    [
      "a Source label over docs on the same forge",
      [
        { label: "Documentation", url: "https://github.com/org/docs-site" },
        { label: "Source", url: "https://github.com/huggingface/peft" },
      ],
      "https://github.com/huggingface/peft.git",
    ],
    [
      "a Repository label, cut back from a tree path",
      [{ label: "Repository", url: "https://github.com/huggingface/trl/tree/main/" }],
      "https://github.com/huggingface/trl.git",
    ],
    [
      "any forge URL when no label names the source (an issue tracker)",
      [
        { label: "Docs", url: "https://huggingface.co/docs/accelerate" },
        { label: "Bug Tracker", url: "https://github.com/huggingface/accelerate/issues" },
      ],
      "https://github.com/huggingface/accelerate.git",
    ],
    [
      "a GitLab URL that already ends in .git",
      [{ label: "Source Code", url: "https://gitlab.com/group/proj.git" }],
      "https://gitlab.com/group/proj.git",
    ],
    ["nothing on a forge", [{ label: "Homepage", url: "https://example.org/pkg" }], null],
    ["no URLs at all", [], null],
  ])("picks %s", (_what, urls, repo) => {
    expect(pickSourceRepo(urls)).toBe(repo);
  });
});

describe("parseMetadataUrls", () => {
  it("reads Project-URL and Home-page headers, not the description below them", () => {
    const metadata = [
      "Metadata-Version: 2.1",
      "Name: huggingface-hub",
      "Home-page: https://github.com/huggingface/huggingface_hub",
      "Project-URL: Source, https://github.com/huggingface/huggingface_hub",
      "Project-URL: Docs, https://huggingface.co/docs",
      "",
      "Project-URL: Fake, https://github.com/attacker/repo",
    ].join("\n");
    expect(parseMetadataUrls(metadata)).toEqual([
      { label: "Homepage", url: "https://github.com/huggingface/huggingface_hub" },
      { label: "Source", url: "https://github.com/huggingface/huggingface_hub" },
      { label: "Docs", url: "https://huggingface.co/docs" },
    ]);
  });
});
