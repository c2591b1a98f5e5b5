import { describe, expect, it } from "vitest";
import { normalizeName } from "../requirements/normalize-name.js";
import { parseDistFilename } from "./parse-filename.js";

describe("normalizeName", () => {
  it.each([
    ["Django", "django"],
    ["zope.interface", "zope-interface"],
    ["Foo__Bar--baz", "foo-bar-baz"],
    ["typing_extensions", "typing-extensions"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

describe("parseDistFilename", () => {
  it.each([
    ["torch-2.1.0-cp311-cp311-manylinux1_x86_64.whl", undefined, "torch", "2.1.0", "wheel"],
    ["typing_extensions-4.8.0-py3-none-any.whl", undefined, "typing-extensions", "4.8.0", "wheel"],
    ["Demo_Pkg-1.0-1-py3-none-any.whl", undefined, "demo-pkg", "1.0", "wheel"],
    ["torch-2.1.0+cu118-cp311-cp311-linux_x86_64.whl", undefined, "torch", "2.1.0+cu118", "wheel"],
    ["pkg-1!2.0rc1-py3-none-any.whl", undefined, "pkg", "1!2.0rc1", "wheel"],
    ["pkg-1.0_1-py3-none-any.whl", undefined, "pkg", "1.0.post1", "wheel"],
    ["requests-2.31.0.tar.gz", undefined, "requests", "2.31.0", "sdist"],
    ["python-dateutil-2.8.2.tar.gz", undefined, "python-dateutil", "2.8.2", "sdist"],
    ["python_dateutil-2.9.0.post0.tar.gz", undefined, "python-dateutil", "2.9.0.post0", "sdist"],
    ["Foo.Bar-1.0.dev3.zip", undefined, "foo-bar", "1.0.dev3", "sdist"],
    ["foo-1.0-1.tar.gz", "foo", "foo", "1.0.post1", "sdist"],
    ["foo-2-1.0.tar.gz", "foo-2", "foo-2", "1.0", "sdist"],
    ["setuptools-0.6c11-py2.7.egg", undefined, "setuptools", "0.6rc11", "egg"],
  ])("%s (project %s) -> %s %s %s", (filename, project, name, version, kind) => {
    expect(parseDistFilename(filename, project)).toEqual({ name, version, kind });
  });

  it.each([
    ["pkg-1.0.win32.exe"],
    ["pkg-1.0.tar.gz.asc"],
    ["pytz-2004d.tar.gz"],
    ["broken.whl"],
    ["pkg-1.0-py3-none.whl"],
    ["README"],
  ])("%s -> null", (filename) => {
    expect(parseDistFilename(filename)).toBeNull();
  });

  it("returns null when the project given does not match the filename", () => {
    expect(parseDistFilename("other-1.0.tar.gz", "pkg")).toBeNull();
  });
});
