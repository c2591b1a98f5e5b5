import { describe, expect, it } from "vitest";
import { formatAnnotation } from "./workflow-command.js";

describe("formatAnnotation", () => {
  it.each([
    [
      {
        level: "error",
        title: "release blocked",
        file: "requirements.txt",
        line: 2,
        message: "pinned / smoke: fail",
      },
      "::error title=release blocked,file=requirements.txt,line=2::pinned / smoke: fail",
    ],
    [
      { level: "warning", title: "upstream breakage", message: "latest-all / smoke: timeout" },
      "::warning title=upstream breakage::latest-all / smoke: timeout",
    ],
    [
      { level: "warning", title: "a: b, c", file: "m.yml", line: 7, message: "100% done\r\nnext: line, two" },
      "::warning title=a%3A b%2C c,file=m.yml,line=7::100%25 done%0D%0Anext: line, two",
    ],
    [{ level: "notice", title: "", message: "plain" }, "::notice::plain"],
  ] as const)("%o -> %s", (a, line) => {
    expect(formatAnnotation(a)).toBe(line);
  });
});
