import { describe, expect, it } from "vitest";
import { parseRequirements, renderRequirements } from "./parse-requirements.js";
import { listPins, relaxPins, relaxTree } from "./relax-pins.js";
import type { RequirementsTree } from "./requirements-tree.js";

function tree(root: string, files: Record<string, string>): RequirementsTree {
  const docs = new Map(Object.entries(files).map(([path, text]) => [path, parseRequirements(text, path)]));
  return { kind: "requirements", root, docs };
}

const relax = (text: string, floors: Record<string, string>) =>
  renderRequirements(relaxPins(parseRequirements(text, "r.txt"), floors));

describe("relaxPins", () => {
  it.each([
    ["a plain pin", "transformers==4.47.1\n", { transformers: "4.47.1" }, "transformers>=4.47.1\n"],
    [
      "extras, marker, comment and CRLF kept",
      "Transformers[torch] == 4.47.1 ; python_version>='3.9'  # pinned\r\npeft==0.14.0\r\n",
      { transformers: "4.47.1" },
      "Transformers[torch]>=4.47.1 ; python_version>='3.9'  # pinned\r\npeft==0.14.0\r\n",
    ],
    ["any spelling of the name", "hf_transfer===0.1.8\n", { "HF-Transfer": "0.1.8" }, "hf_transfer>=0.1.8\n"],
    ["the floor given, not the line's", "trl==0.12.0\n", { trl: "0.11.0" }, "trl>=0.11.0\n"],
    [
      "hashes dropped from the whole file",
      "trl==0.12.0 --hash=sha256:aa\npeft==0.14.0 \\\n    --hash=sha256:bb\n",
      { trl: "0.12.0" },
      "trl>=0.12.0\npeft==0.14.0\n",
    ],
    [
      "ranges, wildcards and URLs left alone",
      "trl>=0.1\npeft==0.14.*\naccelerate @ https://h/a.whl\n",
      { trl: "1.0", peft: "0.14.0", accelerate: "1.0" },
      "trl>=0.1\npeft==0.14.*\naccelerate @ https://h/a.whl\n",
    ],
    ["a package not in the file", "peft==0.14.0\n", { trl: "1.0" }, "peft==0.14.0\n"],
  ])("%s", (_name, text, floors, expected) => {
    expect(relax(text, floors)).toBe(expected);
  });

  it("refuses a floor that is not a version", () => {
    expect(() => relax("trl==1.0\n", { trl: "latest" })).toThrow(/not a PEP 440 version/);
  });
});

describe("relaxTree", () => {
  it("relaxes a pin in an included file and strips hashes everywhere", () => {
    const relaxed = relaxTree(
      tree("/p/requirements.txt", {
        "/p/requirements.txt": "-r base.txt\ntrl==2.0.0 --hash=sha256:aa\n",
        "/p/base.txt": "transformers==4.47.1\n",
      }),
      { transformers: "4.47.1" },
    );
    expect([...relaxed.docs].map(([f, d]) => [f, renderRequirements(d)])).toEqual([
      ["/p/requirements.txt", "-r base.txt\ntrl==2.0.0\n"],
      ["/p/base.txt", "transformers>=4.47.1\n"],
    ]);
  });
});

describe("listPins", () => {
  it("takes exact pins of every file, the first one winning, keyed by PEP 503 name", () => {
    const pins = listPins(
      tree("/p/requirements.txt", {
        "/p/requirements.txt": "-r base.txt\nTransformers==4.47.1\ntrl>=0.1\npeft==0.14.*\n",
        "/p/base.txt":
          "transformers==4.0\nhf_transfer===0.1.8 ; sys_platform=='linux'\n-e ./local\nx @ https://h/x.whl\n",
      }),
    );
    expect(pins).toEqual({ transformers: "4.47.1", "hf-transfer": "0.1.8" });
  });
});
