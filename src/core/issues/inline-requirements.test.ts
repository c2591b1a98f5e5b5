import { describe, expect, it } from "vitest";
import { parseRequirements } from "../requirements/parse-requirements.js";
import type { RequirementsTree } from "../requirements/requirements-tree.js";
import { inlineRequirements } from "./inline-requirements.js";

function treeOf(files: Record<string, string>, root: string): RequirementsTree {
  const docs = new Map(Object.entries(files).map(([path, text]) => [path, parseRequirements(text, path)]));
  return { kind: "requirements", root, docs };
}

describe("inlineRequirements", () => {
  it.each([
    [
      "a flat file, blank and comment lines dropped",
      { "/v/requirements.txt": "# x\na==1\n\nb @ git+https://h/b@0123\n" },
      "a==1\nb @ git+https://h/b@0123\n",
      "",
    ],
    [
      "-r inlined in place, -c into the constraints",
      {
        "/v/requirements.txt": "a==1\n-r base.txt\n-c pins.txt\nz==9\n",
        "/v/base.txt": "--extra-index-url https://download.pytorch.org/whl/cu124\ntorch==2.5.1\n",
        "/v/pins.txt": "numpy<2\n",
      },
      "a==1\n--extra-index-url https://download.pytorch.org/whl/cu124\ntorch==2.5.1\nz==9\n",
      "numpy<2\n",
    ],
    [
      "a URL include is kept",
      { "/v/requirements.txt": "-r https://h/r.txt\na==1\n" },
      "-r https://h/r.txt\na==1\n",
      "",
    ],
    [
      "a cycle stops",
      { "/v/requirements.txt": "-r b.txt\na==1\n", "/v/b.txt": "-r requirements.txt\nb==2\n" },
      "b==2\na==1\n",
      "",
    ],
  ])("%s", (_what, files, requirements, constraints) => {
    expect(inlineRequirements(treeOf(files, "/v/requirements.txt"))).toEqual({ requirements, constraints });
  });
});
