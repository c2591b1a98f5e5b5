import { describe, expect, it } from "vitest";
import { mergeInstalled, parseFreeze, parseListJson } from "./parse-installed.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";

describe("parseListJson", () => {
  it("normalises names", () => {
    expect(parseListJson('[{"name":"Demo_Pkg","version":"1.0"},{"name":"peft","version":"0.13.2"}]')).toEqual(
      {
        "demo-pkg": "1.0",
        peft: "0.13.2",
      },
    );
  });
  it.each(["", "[]", "{}"])("reads %j as nothing", (text) => {
    expect(parseListJson(text)).toEqual({});
  });
});

describe("parseFreeze", () => {
  it.each<[string, Record<string, string>]>([
    ["transformers==4.47.1", { transformers: "4.47.1" }],
    ["Demo_Pkg===1.0", { "demo-pkg": "1.0" }],
    [`peft @ git+https://github.com/huggingface/peft@${SHA}`, { peft: SHA }],
    [`accelerate[testing] @ git+file:///tmp/up/accelerate.git@${SHA}#egg=accelerate`, { accelerate: SHA }],
    ["tinytune @ file:///work/fixtures/wrapper", {}],
    ["-e git+https://x/y.git@abc#egg=y", {}],
    ["# comment\n\n", {}],
  ])("%s", (text, installed) => {
    expect(parseFreeze(text)).toEqual(installed);
  });
});

describe("mergeInstalled", () => {
  it("replaces VCS versions with commits, keeps the rest, sorts by name", () => {
    expect(
      mergeInstalled(
        { peft: "0.14.0.dev0", torch: "2.5.1", tinytune: "0.1.0" },
        { peft: SHA, torch: "2.5.1" },
      ),
    ).toEqual({
      peft: SHA,
      tinytune: "0.1.0",
      torch: "2.5.1",
    });
  });
});
