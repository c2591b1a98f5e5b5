/**
 * The uv release matrix downloads when no uv is on the machine: one pinned version, and the
 * sha256 of each platform's wheel as PyPI lists it. The hashes live in the code (not fetched
 * next to the wheel) so a tampered mirror cannot vouch for its own file.
 */

/** The uv version fetched into the cache; bump it together with every hash below. */
export const UV_VERSION = "0.13.9";

/** One platform's wheel: where it is and what its bytes must hash to. */
export interface UvWheel {
  filename: string;
  sha256: string;
  url: string;
}

/** The machine a wheel is picked for: `process.platform`, `process.arch`, and the C library. */
export interface UvPlatform {
  platform: string;
  arch: string;
  /** `musl` on Alpine and friends; glibc (manylinux) otherwise. Ignored on macOS. */
  libc: "glibc" | "musl";
}

const FILES = "https://files.pythonhosted.org/packages";

const WHEELS: Record<string, UvWheel> = {
  "linux-x64-glibc": {
    filename: `uv-${UV_VERSION}-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`,
    sha256: "d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19",
    url: `${FILES}/3d/aa/26d64642d808de4a652579ef950d7cd2d37f080a8babf9c67c6b75fc4c3f`,
  },
  "linux-x64-musl": {
    filename: `uv-${UV_VERSION}-py3-none-musllinux_1_1_x86_64.whl`,
    sha256: "2c45530751517d6c3bbc69a19473f6effe47cce047bede01ffd8af7ea7b36b25",
    url: `${FILES}/fe/fe/794884de0efd3ac77a427cab21aa72c0483e100c55a42cd5cbb02c141b84`,
  },
  // One aarch64 wheel is tagged for both manylinux and musllinux: it serves either C library.
  "linux-arm64-glibc": {
    filename: `uv-${UV_VERSION}-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64.whl`,
    sha256: "5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe",
    url: `${FILES}/57/15/94b6cd62ac3ff6550288328e8035288875197cbc183f51554b266a69877b`,
  },
  "darwin-x64": {
    filename: `uv-${UV_VERSION}-py3-none-macosx_10_12_x86_64.whl`,
    sha256: "c16ed11e013557536b3e60065f1b912f6407bd6518e041b961e23ef9e6b4fbf5",
    url: `${FILES}/1e/db/08e9ef4879bd667e6d7b4705e594e5bd3e4585f10fc63cb16b9fa2fac63e`,
  },
  "darwin-arm64": {
    filename: `uv-${UV_VERSION}-py3-none-macosx_11_0_arm64.whl`,
    sha256: "66c512266d633bef48384a1f53003f41f2a8e7b36fe6e7fbfd3e0fd52d96fa63",
    url: `${FILES}/f3/a7/a8d7b074798c7fb3b26b37584b8fe2e29df2ccdc24ce7902caab2a53edbf`,
  },
};
WHEELS["linux-arm64-musl"] = WHEELS["linux-arm64-glibc"] as UvWheel;

/** The pinned wheel for this machine (full URL), or null where uv ships none that matrix pins. */
export function pickUvWheel(target: UvPlatform): UvWheel | null {
  const key =
    target.platform === "linux" ? `linux-${target.arch}-${target.libc}` : `${target.platform}-${target.arch}`;
  const wheel = WHEELS[key];
  return wheel ? { ...wheel, url: `${wheel.url}/${wheel.filename}` } : null;
}

/** The path of the `uv` binary inside a uv wheel (`uv-<v>.data/scripts/uv`). */
export function uvEntryName(): string {
  return `uv-${UV_VERSION}.data/scripts/uv`;
}
