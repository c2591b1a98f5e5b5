import { describe, expect, it } from "vitest";
import { describePin } from "./describe-pin.js";
import { exactPinOf } from "./exact-pin.js";
import { parseRequirements, renderRequirements } from "./parse-requirements.js";
import { listPins, relaxPins } from "./relax-pins.js";

/** Each line as a one-line requirements file, parsed the way every reader parses it. */
const lineOf = (text: string) => {
  const line = parseRequirements(`${text}\n`, "r.txt").lines[0];
  if (line?.kind !== "requirement") throw new Error(`not a requirement: ${text}`);
  return line;
};

describe("exactPinOf", () => {
  it.each([
    ["transformers==4.47.1", "4.47.1"],
    ["transformers===4.47.1", "4.47.1"],
    ["transformers === 1.0-custom", "1.0-custom"],
    ["transformers == 4.47.1", "4.47.1"],
    ["transformers==4.47.1,<5", "4.47.1"],
    ["transformers>=4,==4.47.1", "4.47.1"],
    ["transformers==4.47.1,<4", null],
    ["transformers==4.*", null],
    ["transformers==4.47.*", null],
    ["transformers>=4.47.1", null],
    ["transformers~=4.47.1", null],
    ["transformers!=4.47.1", null],
    ["transformers==4.47.1,==4.47.2", null],
    ["transformers===4.47.1,<5", null],
    ["transformers", null],
    ['transformers==4.47.1 ; python_version >= "3.9"', "4.47.1"],
    ["transformers[torch,sentencepiece]==4.47.1", "4.47.1"],
    ['transformers[torch]==4.47.1,<5 ; sys_platform == "linux"', "4.47.1"],
    ["transformers @ https://example.org/transformers-4.47.1-py3-none-any.whl", null],
  ])("%s -> %s", (text, version) => {
    const line = lineOf(text);
    expect(exactPinOf(line)?.version ?? null).toBe(version);
    // Every reader of pins agrees with the predicate: a second reading would differ here.
    expect(describePin(line).version).toBe(version);
    expect(
      listPins({
        root: "r.txt",
        docs: new Map([["r.txt", parseRequirements(`${text}\n`, "r.txt")]]),
      } as never),
    ).toEqual(version === null ? {} : { transformers: version });
    const relaxed = renderRequirements(
      relaxPins(parseRequirements(`${text}\n`, "r.txt"), { transformers: "4.47.1" }),
    );
    expect(relaxed !== `${text}\n`).toBe(version !== null);
  });
});
