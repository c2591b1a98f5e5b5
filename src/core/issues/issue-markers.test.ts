import { describe, expect, it } from "vitest";
import { markerLine, markersOf, sameBody, stampState } from "./issue-markers.js";

describe("markersOf", () => {
  it.each<[string, string, Partial<ReturnType<typeof markersOf>>]>([
    [
      "fingerprint and cell",
      "x\n<!-- matrix:fingerprint=abc123 -->\n<!-- matrix:cell=latest-peft/lora -->\n",
      { fingerprint: "abc123", cell: "latest-peft/lora" },
    ],
    ["\\r\\n bodies", "x\r\n<!-- matrix:fingerprint=abc -->\r\n", { fingerprint: "abc" }],
    ["the dashboard", "<!-- matrix:dashboard -->", { dashboard: true }],
    ["loose spacing", "  <!--matrix:fingerprint=abc   -->  ", { fingerprint: "abc" }],
    ["not inline in prose", "see <!-- matrix:fingerprint=abc --> here", { fingerprint: null }],
    [
      "the last fingerprint wins: job output quoted above cannot pose as the issue's",
      "```\n<!-- matrix:fingerprint=a -->\n```\n<!-- matrix:fingerprint=b -->",
      { fingerprint: "b" },
    ],
    [
      "state lines",
      "<!-- matrix:packages=peft+trl -->\n<!-- matrix:first-bad=4.48.0 -->\n<!-- matrix:noted=stale -->",
      { packages: ["peft", "trl"], firstBad: "4.48.0", noted: ["stale"] },
    ],
    [
      "events and origins",
      "<!-- matrix:event=fixed:20250101-000000-abcd -->\n<!-- matrix:from=acme/trainer -->",
      { events: ["fixed:20250101-000000-abcd"], from: ["acme/trainer"] },
    ],
    [
      "no markers",
      "plain text",
      { fingerprint: null, cell: null, dashboard: false, packages: null, noted: [] },
    ],
  ])("reads %s", (_name, text, expected) => {
    expect(markersOf(text)).toMatchObject(expected);
  });
});

describe("stampState", () => {
  const draft = "Body\n\n<!-- matrix:fingerprint=abc -->\n";
  it.each<[string, Parameters<typeof stampState>[1], string]>([
    [
      "packages only",
      { packages: ["peft"], firstBad: null, noted: [] },
      "Body\n\n<!-- matrix:fingerprint=abc -->\n\n<!-- matrix:packages=peft -->\n",
    ],
    [
      "all of it, sorted",
      { packages: ["trl", "peft"], firstBad: "deadbeef", noted: ["stale", "stale"] },
      "Body\n\n<!-- matrix:fingerprint=abc -->\n\n<!-- matrix:packages=peft+trl -->\n<!-- matrix:first-bad=deadbeef -->\n<!-- matrix:noted=stale -->\n",
    ],
  ])("%s", (_name, state, expected) => {
    expect(stampState(draft, state)).toBe(expected);
  });

  it("is idempotent and replaces older state lines", () => {
    const once = stampState(draft, { packages: ["peft"], firstBad: "a", noted: [] });
    expect(stampState(once, { packages: ["peft"], firstBad: "a", noted: [] })).toBe(once);
    expect(markersOf(stampState(once, { packages: ["peft"], firstBad: "b", noted: [] })).firstBad).toBe("b");
  });
});

describe("sameBody and markerLine", () => {
  it.each<[string | null, string | null, boolean]>([
    ["a\nb\n", "a\r\nb", true],
    ["a", "a  \n\n", true],
    [null, "", true],
    ["a", "b", false],
  ])("sameBody(%j, %j) is %s", (a, b, expected) => {
    expect(sameBody(a, b)).toBe(expected);
  });

  it("writes markers that markersOf reads back", () => {
    expect(markersOf(`${markerLine("fingerprint", "f00")}\n${markerLine("dashboard")}`)).toMatchObject({
      fingerprint: "f00",
      dashboard: true,
    });
  });
});
