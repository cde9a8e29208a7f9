import { deflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { zipArchive } from './zip.js';

/** Every entry of an archive as yauzl reads it, with its unpacked content. */
async function read(archive: Buffer): Promise<{ name: string; method: number; packedSize: number; size: number; content: string }[]> {
  const zip = await yauzl.fromBufferPromise(archive, { lazyEntries: true });
  const out = [];
  for await (const e of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
    out.push({ name: e.fileName, method: e.compressionMethod, packedSize: e.compressedSize, size: e.uncompressedSize, content: Buffer.concat(chunks).toString('utf8') });
  }
  zip.close();
  return out;
}

describe('zipArchive', () => {
  it('writes parts a ZIP reader opens: names, deflated content and sizes, in order', async () => {
    const text = 'Hello, archive. '.repeat(50);
    const archive = zipArchive([
      { name: 'a.txt', data: Buffer.from(text) },
      { name: 'dir/empty.xml', data: Buffer.alloc(0) },
    ]);
    expect(await read(archive)).toEqual([
      { name: 'a.txt', method: 8, packedSize: deflateRawSync(Buffer.from(text)).length, size: text.length, content: text },
      { name: 'dir/empty.xml', method: 8, packedSize: deflateRawSync(Buffer.alloc(0)).length, size: 0, content: '' },
    ]);
    // The first local header, at 0, gives the same sizes (tests patch them there too).
    expect([archive.readUInt32LE(0), archive.readUInt16LE(8), archive.readUInt32LE(18), archive.readUInt32LE(22), archive.readUInt16LE(26)]).toEqual([
      0x04034b50,
      8,
      deflateRawSync(Buffer.from(text)).length,
      text.length,
      'a.txt'.length,
    ]);
  });

  it('writes the packed bytes given for a part as they are', async () => {
    const data = Buffer.from('x'.repeat(1000));
    const packed = deflateRawSync(data, { level: 1 });
    const [entry] = await read(zipArchive([{ name: 'given.txt', data, packed }]));
    expect(entry).toEqual({ name: 'given.txt', method: 8, packedSize: packed.length, size: 1000, content: data.toString('utf8') });
  });

  it('counts every part in the end record, past a thousand', async () => {
    const empty = deflateRawSync(Buffer.alloc(0));
    const archive = zipArchive(Array.from({ length: 1500 }, (_, k) => ({ name: `p/${k}.xml`, data: Buffer.alloc(0), packed: empty })));
    expect(archive.readUInt32LE(archive.length - 22)).toBe(0x06054b50);
    expect([archive.readUInt16LE(archive.length - 22 + 8), archive.readUInt16LE(archive.length - 22 + 10)]).toEqual([1500, 1500]);
    const entries = await read(archive);
    expect(entries.map((e) => e.name)).toEqual(Array.from({ length: 1500 }, (_, k) => `p/${k}.xml`));
  });
});
