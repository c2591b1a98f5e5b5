import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { extractZipEntry } from "./extract-zip-entry.js";

/** A minimal zip writer (no CRC: the reader does not check it), enough to feed the reader. */
function makeZip(entries: Array<{ name: string; data: Buffer; deflate: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

describe("extractZipEntry", () => {
  const zip = makeZip([
    { name: "uv-1.data/scripts/uvx", data: Buffer.from("small"), deflate: false },
    { name: "uv-1.data/scripts/uv", data: Buffer.from("binary ".repeat(500)), deflate: true },
  ]);

  it.each([
    ["a deflated entry", "uv-1.data/scripts/uv", "binary ".repeat(500)],
    ["a stored entry", "uv-1.data/scripts/uvx", "small"],
  ])("reads %s", (_what, name, text) => {
    expect(extractZipEntry(zip, name)?.toString()).toBe(text);
  });

  it("answers null for a name the archive lacks", () => {
    expect(extractZipEntry(zip, "uv-1.data/scripts/pip")).toBeNull();
  });

  it("throws on bytes that are no zip", () => {
    expect(() => extractZipEntry(Buffer.from("<html>not found</html>".repeat(3)), "x")).toThrow(
      /no end of central directory/,
    );
  });
});
