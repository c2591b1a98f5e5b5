import { describe, expect, it } from "vitest";
import { pickUvWheel, UV_VERSION } from "./uv-wheels.js";

describe("pickUvWheel", () => {
  it.each([
    ["linux", "x64", "glibc", "manylinux_2_17_x86_64"],
    ["linux", "x64", "musl", "musllinux_1_1_x86_64"],
    ["linux", "arm64", "glibc", "manylinux_2_17_aarch64"],
    ["linux", "arm64", "musl", "musllinux_1_1_aarch64"],
    ["darwin", "x64", "glibc", "macosx_10_12_x86_64"],
    ["darwin", "arm64", "musl", "macosx_11_0_arm64"],
  ] as const)("%s %s %s -> the %s wheel", (platform, arch, libc, tag) => {
    const wheel = pickUvWheel({ platform, arch, libc });
    expect(wheel?.filename).toContain(tag);
    expect(wheel?.filename.startsWith(`uv-${UV_VERSION}-`)).toBe(true);
    expect(wheel?.url).toMatch(/^https:\/\/files\.pythonhosted\.org\/packages\/.+\.whl$/);
    expect(wheel?.url.endsWith(wheel.filename)).toBe(true);
    expect(wheel?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["win32", "x64"],
    ["linux", "ppc64"],
  ])("has no wheel for %s %s", (platform, arch) => {
    expect(pickUvWheel({ platform, arch, libc: "glibc" })).toBeNull();
  });
});
