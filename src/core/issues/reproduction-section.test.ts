import { describe, expect, it } from "vitest";
import { draftInput } from "./fixtures/draft-input.js";
import { reproductionSection, requirementLinesOf, shellQuote, torchBuildOf } from "./reproduction-section.js";

describe("torchBuildOf", () => {
  it.each([
    ["2.5.1+cu124", "CUDA 12.4"],
    ["2.1.0+cu118", "CUDA 11.8"],
    ["2.5.1+cpu", "CPU build"],
    ["2.5.1+rocm6.2", "ROCm 6.2"],
    ["2.5.1", null],
    ["2.6.0.dev20241201+cu126", "CUDA 12.6"],
  ])("%s -> %s", (version, build) => {
    expect(torchBuildOf(version)).toBe(build);
  });
});

describe("shellQuote", () => {
  it.each([
    ["../work", "../work"],
    ["http://127.0.0.1:1/simple", "http://127.0.0.1:1/simple"],
    ["a b", "'a b'"],
    ["it's", "'it'\\''s'"],
    ["$HOME", "'$HOME'"],
  ])("%s -> %s", (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });
});

describe("requirementLinesOf", () => {
  it("keeps what pip reads, exactly", () => {
    expect(
      requirementLinesOf("# c\r\na==1 ; python_version>'3'  # why\n\n  \nb @ git+https://h/b@0123\n"),
    ).toEqual(["a==1 ; python_version>'3'  # why", "b @ git+https://h/b@0123"]);
  });
});

describe("reproductionSection of a knob cell", () => {
  it("writes the combination's config where the job runs and names it", () => {
    const text = reproductionSection(
      draftInput({
        job: {
          name: "knob-smoke--gc-fl1",
          run: "python -m tinytune train knobs-gc-fl1.yml",
          cwd: "fixtures/wrapper",
          env: { MATRIX_CONFIG: "knobs-gc-fl1.yml" },
          config: {
            file: "knobs-gc-fl1.yml",
            text: "gradient_checkpointing: true\nfreeze_layers: 1\n",
            knobs: { gradient_checkpointing: true, freeze_layers: 1 },
            verdict: "heal",
          },
        },
      }),
    );
    const lines = text.split("\n");
    const cd = lines.indexOf("cd fixtures/wrapper");
    const written = lines.findIndex((l) => l.startsWith("cat > knobs-gc-fl1.yml <<"));
    expect(cd).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(cd);
    expect(lines).toContain(
      "# knob combination: gradient_checkpointing=true freeze_layers=1 (wrapper verdict: heal)",
    );
    expect(lines.slice(written + 1, written + 3)).toEqual([
      "gradient_checkpointing: true",
      "freeze_layers: 1",
    ]);
    expect(lines).toContain("export MATRIX_CONFIG=knobs-gc-fl1.yml");
    expect(lines).toContain("python -m tinytune train knobs-gc-fl1.yml");
  });
});
