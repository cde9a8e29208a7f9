import { createHash } from 'node:crypto';
import type { Express, Response } from 'express';

/** The bytes and ETag of each object answered as JSON, while the object lives. */
const serialized = new WeakMap<object, { bytes: Buffer; etag: string }>();

/**
 * The UTF-8 bytes of a text in a buffer of their own: `Buffer.from` puts a short text in a shared
 * 8 kB slab, which a kept answer of a few hundred bytes would then hold alive whole.
 */
export function ownBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

/** express's weak ETag of a body (the `etag` package's form): length and SHA-1. */
function etagOf(bytes: Buffer): string {
  return `W/"${bytes.length.toString(16)}-${createHash('sha1').update(bytes).digest('base64').substring(0, 27)}"`;
}

/**
 * Makes `res.json` serialize each object once: a kept answer (a national table, a series, a
 * breakdown: the same object from the figures cache while its data version is unchanged) is sent as
 * the bytes and ETag of its first answer, not stringified and hashed again for every request (a
 * national table of 185 zones is ≈ 40 kB). Answers are never changed once returned (they are cached),
 * so the bytes stay true; an object answered once is forgotten with it (WeakMap). Conditional
 * requests (If-None-Match) still get 304, HEAD no body, as with express's own `json`.
 */
export function serializeJsonOnce(app: Express): void {
  const json = app.response.json;
  app.response.json = function jsonOnce(this: Response, body: unknown) {
    if (body === null || typeof body !== 'object') return json.call(this, body);
    let s = serialized.get(body);
    if (!s) {
      const bytes = ownBytes(JSON.stringify(body));
      s = { bytes, etag: etagOf(bytes) };
      serialized.set(body, s);
    }
    if (!this.get('Content-Type')) this.set('Content-Type', 'application/json; charset=utf-8');
    if (!this.get('ETag')) this.set('ETag', s.etag);
    return this.send(s.bytes);
  };
}
