import { describe, expect, it } from "vitest";
import { choosePullRequest, type PullRequestLink } from "./choose-pull-request.js";

const url = (n: number) => `https://github.com/o/r/pull/${n}`;
const open = (n: number) => ({ number: n, html_url: url(n), state: "open", merged_at: null });
const merged = (n: number) => ({
  number: n,
  html_url: url(n),
  state: "closed",
  merged_at: "2025-01-02T03:04:05Z",
});
const closed = (n: number) => ({ number: n, html_url: url(n), state: "closed", merged_at: null });

describe("choosePullRequest", () => {
  it.each<[string, unknown, PullRequestLink | null]>([
    ["one merged PR", [merged(7)], { number: 7, url: url(7) }],
    ["the merged one after open ones", [open(9), closed(8), merged(7)], { number: 7, url: url(7) }],
    ["the first merged of two", [merged(5), merged(6)], { number: 5, url: url(5) }],
    ["the first when none is merged", [open(9), closed(8)], { number: 9, url: url(9) }],
    ["an empty answer", [], null],
    ["an object instead of an array", { message: "Not Found" }, null],
    ["a string (a body that was not JSON)", "<html>oops</html>", null],
    ["null", null, null],
    [
      "entries that are not pull requests are passed over",
      [null, 3, { number: "4" }, open(5)],
      { number: 5, url: url(5) },
    ],
    ["no html_url", [{ number: 5, merged_at: "2025-01-01T00:00:00Z" }], null],
    ["a fractional number", [{ number: 1.5, html_url: url(1) }], null],
    [
      "an empty merged_at does not count as merged",
      [{ ...open(4), merged_at: "" }, merged(3)],
      { number: 3, url: url(3) },
    ],
  ])("%s", (_name, answer, expected) => {
    expect(choosePullRequest(answer)).toEqual(expected);
  });
});
