import { describe, expect, it } from "vitest";
import { parseRequirements } from "./parse-requirements.js";

// Each bad line must give one located message: file:line:col (1-based, code points), what is wrong, what to do.
describe("lines pip would reject", () => {
  it.each<[string, string]>([
    [
      "transformers=4.47.1",
      'r.txt:1:13: invalid version specifier "=4.47.1": "=" is not an operator, use "=="; for example "transformers==4.48.0" or "transformers>=4.40,<5"',
    ],
    [
      "peft==0.14.0\naccelerate[torch==1.0",
      'r.txt:2:11: extras are not closed; add "]" after the last extra',
    ],
    [
      "x[a b]==1",
      'r.txt:1:3: invalid extra "a b"; extras are names separated by commas, as in "[torch,deepspeed]"',
    ],
    ["torch==abc", 'r.txt:1:8: invalid version "abc" after "=="; use a PEP 440 version such as 4.48.0'],
    ["torch~=2", 'r.txt:1:8: "~=" needs at least two release numbers, as in "~=4.48"'],
    [
      "a==1\n  torch>=2.0,foo",
      'r.txt:2:14: invalid version specifier "foo": expected an operator (==, !=, <=, >=, <, >, ~=, ===); for example "transformers==4.48.0" or "transformers>=4.40,<5"',
    ],
    [
      "transformers @ ",
      'r.txt:1:14: expected a URL after "@"; write "transformers @ git+https://host/repo.git@<sha>"',
    ],
    [
      "transformers @ git+https://h/x.git extra",
      'r.txt:1:35: unexpected text after the URL; put a marker after " ; " or remove it',
    ],
    [
      "!!!",
      'r.txt:1:1: expected a package name (letters, digits, "-", "_", "."); for example "transformers==4.48.0" or "transformers>=4.40,<5"',
    ],
    [
      "foo#bar",
      'r.txt:1:4: invalid version specifier "#bar": expected an operator (==, !=, <=, >=, <, >, ~=, ===); for example "transformers==4.48.0" or "transformers>=4.40,<5"',
    ],
    ["--extra-index-url", "r.txt:1:1: --extra-index-url needs a value; write --extra-index-url VALUE"],
    [
      "a==1\n--frobnicate yes",
      "r.txt:2:1: no such option --frobnicate in a requirements file; remove it or fix its spelling",
    ],
    ["--pre=yes", "r.txt:1:1: --pre option does not take a value; write it alone"],
    ["--no", "r.txt:1:1: ambiguous option --no (--no-index, --no-binary); spell it out"],
    ["-x foo", "r.txt:1:1: no such option -x in a requirements file; remove it or fix its spelling"],
    ["-f 'unclosed", "r.txt:1:4: no closing quotation ('); close the quote or remove it"],
    ["foo==1.0 \\\n    --hash", "r.txt:2:5: --hash needs a value; write --hash VALUE"],
    [
      "# ünïcode\nnumpy>=1.0,<<2",
      'r.txt:2:13: invalid version "<2" after "<"; use a PEP 440 version such as 4.48.0',
    ],
  ])("%j", (text, message) => {
    expect(() => parseRequirements(text, "r.txt")).toThrow(message);
    try {
      parseRequirements(text, "r.txt");
    } catch (e) {
      expect((e as Error).name).toBe("InputError");
      expect((e as Error).message).toBe(message);
    }
  });
});
