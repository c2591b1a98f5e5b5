import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputError } from "../../errors.js";
import { locateJsonError, parseJsonRecord } from "./parse-json-record.js";

const schema = z.object({ run: z.string(), variants: z.array(z.object({ name: z.string() })) });
const kind = { what: "a matrix manifest", fix: "remove it or pick another --run" };

describe("parseJsonRecord", () => {
  it("returns the checked value", () => {
    expect(parseJsonRecord('{"run":"r","variants":[]}', "m.json", schema, kind)).toEqual({
      run: "r",
      variants: [],
    });
  });

  it.each([
    [
      "cut short",
      '{\n  "run": "r",\n  "variants": [',
      /^m\.json:3:\d+: not JSON \(.+\); remove it or pick another --run$/,
    ],
    [
      "a wrong field",
      '{"run":"r","variants":[{"name":1}]}',
      /^m\.json: not a matrix manifest \(variants\.0\.name: .+\); remove it/,
    ],
    ["not an object", "[]", /^m\.json: not a matrix manifest \(the top level: .+\)/],
  ])("names the file and where for JSON %s", (_what, text, message) => {
    let error: unknown;
    try {
      parseJsonRecord(text, "m.json", schema, kind);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });
});

describe("locateJsonError", () => {
  it.each([
    ["a position", "{\n  x", "Unexpected token x in JSON at position 4", { line: 2, col: 3 }],
    ["line and column", "", "Expected ',' (line 3 column 7)", { line: 3, col: 7 }],
    ["neither: the end", "{\n", "Unexpected end of JSON input", { line: 2, col: 1 }],
  ])("reads %s", (_what, text, message, where) => {
    expect(locateJsonError(text, message)).toEqual(where);
  });
});
