import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseMatrix } from "../matrix/parse-matrix.js";
import { type InitPlan, renderMatrixFile } from "./render-matrix-file.js";

const plan = (over: Partial<InitPlan>): InitPlan => ({
  name: "my-wrapper",
  requirements: "requirements.txt",
  pythonProject: false,
  packages: [],
  index: null,
  ...over,
});

describe("renderMatrixFile", () => {
  it("writes a matrix file that parses, with upstream variants for packages that have a repo", () => {
    const text = renderMatrixFile(
      plan({
        pythonProject: true,
        packages: [
          { name: "transformers", repo: "https://github.com/huggingface/transformers.git" },
          { name: "huggingface_hub", repo: null, note: "index unreachable" },
        ],
      }),
    );
    const matrix = parseMatrix(text, "matrix.yml", "/repo");
    expect(matrix.name).toBe("my-wrapper");
    expect(matrix.packages.map((p) => [p.name, p.repo])).toEqual([
      ["transformers", "https://github.com/huggingface/transformers.git"],
      ["huggingface-hub", null],
    ]);
    expect(matrix.variants.map((v) => v.text)).toEqual([
      "pinned",
      "latest-all",
      "upstream-each",
      "upstream-all",
    ]);
    expect(parse(text).jobs["import-smoke"].run).toBe('python -c "import transformers, huggingface_hub"');
    expect(parse(text).project.path).toBe(".");
    expect(text).toContain("huggingface_hub: {}   # no source repository found (index unreachable)");
    expect(text).toMatch(/# lora-smoke:\n\s+#\s+run: /);
  });

  it.each([
    ["no tracked packages: pinned only, a job that still runs", [], ["pinned"], "python -V"],
    [
      "packages without repos: no upstream variants",
      [{ name: "peft", repo: null }],
      ["pinned", "latest-all"],
      'python -c "import peft"',
    ],
  ])("%s", (_what, packages, variants, run) => {
    const text = renderMatrixFile(plan({ packages }));
    expect(parse(text).variants).toEqual(variants);
    expect(parse(text).jobs["import-smoke"].run).toBe(run);
    expect(parse(text).project.path).toBe(".");
    expect(text).toContain("not a Python project: nothing of it is installed");
    expect(() => parseMatrix(text, "matrix.yml", "/repo")).not.toThrow();
  });

  it("imports only the tracked packages the requirements install", () => {
    const text = renderMatrixFile(
      plan({
        packages: [
          { name: "peft", repo: null },
          { name: "torch", repo: null },
        ],
        imports: ["peft"],
      }),
    );
    expect(parse(text).jobs["import-smoke"].run).toBe('python -c "import peft"');
  });
});
