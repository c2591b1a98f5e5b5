/**
 * Reads one file out of a zip archive held in memory (a wheel is a zip). Node has no unzip and
 * matrix must not need one on the user's machine, so this walks the central directory itself:
 * stored (0) and deflated (8) entries, which is all a wheel uses.
 */
import { inflateRawSync } from "node:zlib";

const END_OF_CENTRAL_DIR = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** The bytes of entry `name`, or null when the archive has none by that name. Throws on a corrupt zip. */
export function extractZipEntry(zip: Buffer, name: string): Buffer | null {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_ENTRY) throw new Error(`zip: bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const entryName = zip.toString("utf8", at + 46, at + 46 + nameLength);
    if (entryName === name) return readLocal(zip, localOffset, method, compressedSize, size);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535: search backwards from the end.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIR) return at;
  }
  throw new Error("zip: no end of central directory (not a zip file, or cut short)");
}

function readLocal(
  zip: Buffer,
  offset: number,
  method: number,
  compressedSize: number,
  size: number,
): Buffer {
  if (zip.readUInt32LE(offset) !== LOCAL_HEADER) throw new Error(`zip: bad local header at ${offset}`);
  const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
  const data = zip.subarray(start, start + compressedSize);
  const out = method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : null;
  if (!out) throw new Error(`zip: compression method ${method} is not supported`);
  if (out.length !== size) throw new Error(`zip: entry size ${out.length} is not the recorded ${size}`);
  return out;
}
