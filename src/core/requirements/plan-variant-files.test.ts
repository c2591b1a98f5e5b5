import { describe, expect, it } from "vitest";
import type { RequirementEdit } from "./model.js";
import { parseRequirements, renderRequirements } from "./parse-requirements.js";
import { planVariantFiles, stripHashes } from "./plan-variant-files.js";
import { locateRequirement, type RequirementsTree } from "./requirements-tree.js";

function tree(root: string, files: Record<string, string>): RequirementsTree {
  const docs = new Map(Object.entries(files).map(([path, text]) => [path, parseRequirements(text, path)]));
  return { kind: "requirements", root, docs };
}

const SHA = "a".repeat(40);
const UP: RequirementEdit = {
  name: "transformers",
  target: { kind: "url", url: `git+https://h/t.git@${SHA}` },
};
const LATEST: RequirementEdit = { name: "peft", target: { kind: "version", version: "0.15.0" } };

describe("planVariantFiles", () => {
  it.each<[string, RequirementsTree, RequirementEdit[], Array<[string, string]>]>([
    [
      "root file becomes requirements.txt, includes keep their place",
      tree("/p/reqs/base.txt", {
        "/p/reqs/base.txt": "-r common/core.txt\n-c constraints.txt\npeft==0.14.0\n",
        "/p/reqs/common/core.txt": "transformers==4.47.1  # core\n",
        "/p/reqs/constraints.txt": "peft<1\n",
      }),
      [UP, LATEST],
      [
        ["requirements.txt", "-r common/core.txt\n-c constraints.txt\npeft==0.15.0\n"],
        ["common/core.txt", `transformers @ git+https://h/t.git@${SHA}  # core\n`],
        ["constraints.txt", "peft==0.15.0\n"],
      ],
    ],
    [
      "a file outside the root folder goes under _included/ and its include line follows",
      tree("/p/app/requirements.txt", {
        "/p/app/requirements.txt": "-r ../shared/base.txt\n",
        "/p/shared/base.txt": "-r ./more.txt\ntransformers==4.0\n",
        "/p/shared/more.txt": "-c /etc/pins.txt\n",
        "/etc/pins.txt": "peft==0.1\n",
      }),
      [LATEST],
      [
        ["requirements.txt", "-r _included/_up/shared/base.txt\n"],
        ["_included/_up/shared/base.txt", "-r ./more.txt\ntransformers==4.0\n"],
        ["_included/_up/shared/more.txt", "-c ../_up/etc/pins.txt\n"],
        ["_included/_up/_up/etc/pins.txt", "peft==0.15.0\n"],
      ],
    ],
    [
      "an included requirements.txt beside a differently named root is moved aside",
      tree("/p/requirements-dev.txt", {
        "/p/requirements-dev.txt": "-r requirements.txt\npytest\n",
        "/p/requirements.txt": "peft==0.14.0\n",
      }),
      [],
      [
        ["requirements.txt", "-r _included/2/requirements.txt\npytest\n"],
        ["_included/2/requirements.txt", "peft==0.14.0\n"],
      ],
    ],
    [
      "dropping one hash turns hash-checking off for the whole tree",
      tree("/p/requirements.txt", {
        "/p/requirements.txt": "--require-hashes\npeft==0.14.0 --hash=sha256:aa\n-r more.txt\n",
        "/p/more.txt": "numpy==2.0 \\\n  --hash=sha256:bb\n",
      }),
      [LATEST],
      [
        ["requirements.txt", "\npeft==0.15.0\n-r more.txt\n"],
        ["more.txt", "numpy==2.0\n"],
      ],
    ],
  ])("%s", (_label, input, edits, expected) => {
    expect(planVariantFiles(input, edits).map((f) => [f.relPath, f.text])).toEqual(expected);
  });

  it("a URL include is not followed and left as written", () => {
    const t = tree("/p/requirements.txt", { "/p/requirements.txt": "-r https://h/r.txt\n" });
    expect(planVariantFiles(t, [UP])).toEqual([
      { relPath: "requirements.txt", text: "-r https://h/r.txt\n" },
    ]);
  });
});

describe("locateRequirement", () => {
  const t = tree("/p/requirements.txt", {
    "/p/requirements.txt": "-r base.txt\ntransformers-stream-generator\n",
    "/p/base.txt": "# core\ntransformers[torch]==4.47.1\n",
  });
  it.each<[string, Array<[string, number]>]>([
    ["transformers", [["/p/base.txt", 2]]],
    ["Transformers_Stream.Generator", [["/p/requirements.txt", 2]]],
    ["peft", []],
  ])("%s", (name, expected) => {
    expect(locateRequirement(t, name).map((l) => [l.file, l.pin.line])).toEqual(expected);
  });
});

describe("stripHashes", () => {
  it.each<[string, string]>([
    ["--require-hashes  # strict\n", "  # strict\n"],
    ["--pre --require-hashes\n", "--pre\n"],
    // pip reads words after the options as stray arguments and ignores them; they stay as written.
    ["a==1 --hash=sha256:x --hash sha256:y ; os_name=='nt'\n", "a==1 ; os_name=='nt'\n"],
    ["a==1 ; os_name=='nt' --hash=sha256:x \\\n  --hash sha256:y\n", "a==1 ; os_name=='nt'\n"],
  ])("%j -> %j", (input, expected) => {
    expect(renderRequirements(stripHashes(parseRequirements(input, "r.txt")))).toBe(expected);
  });
});
