import { describe, expect, it } from "vitest";
import { collectReleases, type IndexFile, listAvailableVersions, pickLatest } from "./collect-releases.js";

/** An index file for `pkg`; `~` at the end of the version marks it yanked. */
function file(name: string): IndexFile {
  const yanked = name.endsWith("~");
  const filename = yanked ? name.slice(0, -1) : name;
  return { filename, url: `https://files.example/${filename}`, hashes: {}, yanked };
}

describe("collectReleases", () => {
  it("groups a version's wheels and sdist, oldest first, dropping files that do not parse", () => {
    const releases = collectReleases(
      ["pkg-2.0.tar.gz", "pkg-1.0-py3-none-any.whl", "pkg-1.0.tar.gz", "pkg-1.0.win32.exe"].map(file),
      "pkg",
    );
    expect(releases.map((r) => [r.version, r.files.length])).toEqual([
      ["1.0", 2],
      ["2.0", 1],
    ]);
  });

  it("treats PEP 440-equal spellings as one release", () => {
    const releases = collectReleases(["pkg-1.0.tar.gz", "pkg-1.0.0-py3-none-any.whl"].map(file));
    expect(releases).toHaveLength(1);
  });

  it.each([
    [["pkg-1.0.tar.gz~", "pkg-1.0-py3-none-any.whl~"], true],
    [["pkg-1.0.tar.gz~", "pkg-1.0-py3-none-any.whl"], false],
    [["pkg-1.0.tar.gz"], false],
  ])("%j yanked -> %s (only when every file is)", (names, yanked) => {
    expect(collectReleases(names.map(file))[0]?.yanked).toBe(yanked);
  });
});

describe("listAvailableVersions and pickLatest", () => {
  it.each([
    [["pkg-1.0.tar.gz", "pkg-2.0.tar.gz"], ["1.0", "2.0"], "2.0"],
    [["pkg-1.0.tar.gz", "pkg-2.0rc1.tar.gz", "pkg-2.0.dev3.tar.gz"], ["1.0", "2.0.dev3", "2.0rc1"], "1.0"],
    [["pkg-1.0.tar.gz", "pkg-1.0.post1.tar.gz"], ["1.0", "1.0.post1"], "1.0.post1"],
    [["pkg-1.0.tar.gz", "pkg-2.0.tar.gz~"], ["1.0"], "1.0"],
    [["pkg-1.0.tar.gz", "pkg-2.0.tar.gz~", "pkg-2.0-py3-none-any.whl"], ["1.0", "2.0"], "2.0"],
    [["pkg-9.0.tar.gz", "pkg-1!1.0.tar.gz"], ["9.0", "1!1.0"], "1!1.0"],
    [["pkg-1.0.tar.gz", "pkg-1.0+local.tar.gz"], ["1.0", "1.0+local"], "1.0+local"],
    [["pkg-1.0rc1.tar.gz"], ["1.0rc1"], null],
    [["pkg-1.0.tar.gz~"], [], null],
    [[], [], null],
  ])("%j -> versions %j, latest %s", (names, versions, latest) => {
    const releases = collectReleases(names.map(file), "pkg");
    expect(listAvailableVersions(releases)).toEqual(versions);
    expect(pickLatest(releases)).toBe(latest);
  });
});
