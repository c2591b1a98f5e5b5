import { describe, expect, it } from "vitest";
import { parseHtmlPage, parseJsonPage } from "./parse-simple-page.js";

const PAGE = "https://index.example/simple/pkg/";

describe("parseHtmlPage", () => {
  it("reads filenames, resolved URLs, hashes, yanked and requires-python", () => {
    const html = `<!DOCTYPE html><html><body>
      <a href="../../files/pkg-1.0.tar.gz#sha256=abc123">pkg-1.0.tar.gz</a><br/>
      <a href="https://cdn.example/pkg-2.0-py3-none-any.whl#sha256=def" data-requires-python="&gt;=3.8" data-yanked="">pkg-2.0-py3-none-any.whl</a>
      <A HREF='/p/pkg-3.0.zip' data-yanked='broken &amp; bad'>pkg-3.0.zip</A>
    </body></html>`;
    expect(parseHtmlPage(html, PAGE)).toEqual([
      {
        filename: "pkg-1.0.tar.gz",
        url: "https://index.example/files/pkg-1.0.tar.gz",
        hashes: { sha256: "abc123" },
        yanked: false,
      },
      {
        filename: "pkg-2.0-py3-none-any.whl",
        url: "https://cdn.example/pkg-2.0-py3-none-any.whl",
        hashes: { sha256: "def" },
        yanked: true,
        requiresPython: ">=3.8",
      },
      {
        filename: "pkg-3.0.zip",
        url: "https://index.example/p/pkg-3.0.zip",
        hashes: {},
        yanked: true,
        yankedReason: "broken & bad",
      },
    ]);
  });

  it.each([
    ['<a href="x/pkg-1.0.tar.gz"></a>', "pkg-1.0.tar.gz"],
    ['<a href="x/pkg-1.0.tar.gz"> <b>pkg-1.0.tar.gz</b> </a>', "pkg-1.0.tar.gz"],
    ['<a name="top">no href</a>', undefined],
  ])("%s -> filename %s", (html, filename) => {
    expect(parseHtmlPage(html, PAGE)[0]?.filename).toBe(filename);
  });

  it("honours a <base href>", () => {
    const html = '<base href="https://mirror.example/root/"><a href="pkg-1.0.tar.gz">pkg-1.0.tar.gz</a>';
    expect(parseHtmlPage(html, PAGE)[0]?.url).toBe("https://mirror.example/root/pkg-1.0.tar.gz");
  });
});

describe("parseJsonPage", () => {
  it("reads files, resolving relative URLs and PEP 691 yanked values", () => {
    const body = JSON.stringify({
      meta: { "api-version": "1.1" },
      name: "pkg",
      files: [
        { filename: "pkg-1.0.tar.gz", url: "../../files/pkg-1.0.tar.gz", hashes: { sha256: "a" } },
        {
          filename: "pkg-2.0.tar.gz",
          url: "https://cdn.example/pkg-2.0.tar.gz",
          hashes: {},
          yanked: "bad build",
        },
        {
          filename: "pkg-3.0.tar.gz",
          url: "/pkg-3.0.tar.gz",
          hashes: {},
          yanked: true,
          "requires-python": ">=3.9",
        },
        {
          filename: "pkg-4.0.tar.gz",
          url: "/pkg-4.0.tar.gz",
          hashes: {},
          yanked: false,
          "requires-python": null,
        },
      ],
    });
    expect(parseJsonPage(body, PAGE)).toEqual([
      {
        filename: "pkg-1.0.tar.gz",
        url: "https://index.example/files/pkg-1.0.tar.gz",
        hashes: { sha256: "a" },
        yanked: false,
      },
      {
        filename: "pkg-2.0.tar.gz",
        url: "https://cdn.example/pkg-2.0.tar.gz",
        hashes: {},
        yanked: true,
        yankedReason: "bad build",
      },
      {
        filename: "pkg-3.0.tar.gz",
        url: "https://index.example/pkg-3.0.tar.gz",
        hashes: {},
        yanked: true,
        requiresPython: ">=3.9",
      },
      { filename: "pkg-4.0.tar.gz", url: "https://index.example/pkg-4.0.tar.gz", hashes: {}, yanked: false },
    ]);
  });

  it.each([
    ["not json"],
    [JSON.stringify({ meta: { "api-version": "2.0" }, files: [] })],
    [JSON.stringify({ files: [{ filename: 1 }] })],
  ])("rejects %s", (body) => {
    expect(() => parseJsonPage(body, PAGE)).toThrow();
  });
});
