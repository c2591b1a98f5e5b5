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
      "latest-each",
      "latest-all",
      "upstream-each",
      "upstream-all",
    ]);
    expect(parse(text).jobs["import-smoke"].run).toBe(
      'python "$MATRIX_IMPORT_SMOKE" transformers huggingface_hub',
    );
    // pinned, latest-transformers, latest-huggingface_hub, latest-all, upstream-transformers, upstream-all
    expect(text).toContain("That is 6 variants x 1 job = 6 cells a night");
    expect(parse(text).project.path).toBe(".");
    expect(text).toContain("huggingface_hub: {}   # no source repository found (index unreachable)");
    expect(text).toMatch(/# lora-smoke:\n\s+#\s+run: /);
  });

  it.each([
    ["no tracked packages: pinned only, a job that still runs", [], ["pinned"], "python -V"],
    [
      "packages without repos: no upstream variants",
      [{ name: "peft", repo: null }],
      ["pinned", "latest-each", "latest-all"],
      'python "$MATRIX_IMPORT_SMOKE" peft',
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
    expect(parse(text).jobs["import-smoke"].run).toBe('python "$MATRIX_IMPORT_SMOKE" peft');
  });

  it.each([
    [
      "a named Python project is walked",
      true,
      "tinytune",
      'python "$MATRIX_IMPORT_SMOKE" --walk tinytune peft',
    ],
    ["a project without a name is not", true, null, 'python "$MATRIX_IMPORT_SMOKE" peft'],
    ["a folder that is no Python project is not", false, "tinytune", 'python "$MATRIX_IMPORT_SMOKE" peft'],
  ])("%s", (_what, pythonProject, projectName, run) => {
    const text = renderMatrixFile(
      plan({ pythonProject, projectName, packages: [{ name: "peft", repo: null }] }),
    );
    expect(parse(text).jobs["import-smoke"].run).toBe(run);
  });

  it.each([
    ["requirements.lock.txt", "# the lock `matrix init --lock` compiled"],
    ["pyproject.toml", "# the pins the release ships"],
  ])("says where the pins of %s come from, and the file still parses", (requirements, comment) => {
    const text = renderMatrixFile(plan({ requirements }));
    const line = text.split("\n").find((l) => l.startsWith("  requirements: "));
    expect(line).toContain(comment);
    expect(parseMatrix(text, "matrix.yml", "/repo").project.requirements).toBe(`/repo/${requirements}`);
  });

  it("dates the example expected entry as told, not a fixed day", () => {
    expect(renderMatrixFile(plan({ until: "2027-06-01" }))).toContain("until: 2027-06-01 }");
  });
});
