// A ZIP archive written byte by byte, for tests that need one no library writes (ten thousand
// parts, a part that unpacks to a thousand times its size): shared by upload-parser.spec.ts and
// upload-limits.e2e-spec.ts.
import { deflateRawSync } from 'node:zlib';

/** One part: its name and content; `packed`, when given, is written as its deflated bytes instead of deflating `data`. */
export interface ZipPart {
  name: string;
  data: Buffer;
  packed?: Buffer;
}

/**
 * The archive of `parts`, each deflated (method 8), in order: local headers with their data, the
 * central directory, its end record. The headers give each part's packed and unpacked sizes
 * (`data.length`) and no checksum (CRC-32 0).
 */
export function zipArchive(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const packed = p.packed ?? deflateRawSync(p.data);
    const name = Buffer.from(p.name);
    // Local header: signature, version needed (2.0), method (8: deflate), packed and unpacked sizes, name length.
    const local = record(30, [[0, 4, 0x04034b50], [4, 2, 20], [8, 2, 8], [18, 4, packed.length], [22, 4, p.data.length], [26, 2, name.length]]);
    // Directory entry: signature, versions made by and needed, method, packed and unpacked sizes, name length, where the local header is.
    const entry = record(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], [10, 2, 8], [20, 4, packed.length], [24, 4, p.data.length], [28, 2, name.length], [42, 4, offset]]);
    locals.push(local, name, packed);
    central.push(entry, name);
    offset += local.length + name.length + packed.length;
  }
  const directorySize = central.reduce((s, b) => s + b.length, 0);
  // End record: signature, entries on this disk and in all, the directory's size and where it starts.
  const end = record(22, [[0, 4, 0x06054b50], [8, 2, parts.length], [10, 2, parts.length], [12, 4, directorySize], [16, 4, offset]]);
  return Buffer.concat([...locals, ...central, end]);
}

/** `length` bytes, 0 but for `fields`: [offset, width in bytes, value], little-endian. */
function record(length: number, fields: readonly (readonly [number, 2 | 4, number])[]): Buffer {
  const out = Buffer.alloc(length);
  for (const [at, width, value] of fields) {
    if (width === 2) out.writeUInt16LE(value, at);
    else out.writeUInt32LE(value, at);
  }
  return out;
}
