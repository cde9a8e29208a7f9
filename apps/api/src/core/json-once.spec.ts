import express from 'express';
import request from 'supertest';
import { ownBytes, serializeJsonOnce } from './json-once.js';

/** An object whose serialization is counted (JSON.stringify calls toJSON). */
function counted(value: object): { body: object; times: () => number } {
  let n = 0;
  const body = {
    toJSON() {
      n += 1;
      return value;
    },
  };
  return { body, times: () => n };
}

describe('serializeJsonOnce', () => {
  const kept = counted({ zones: [{ zone: '5013', value: 0.25 }], total: { value: null } });
  const app = express();
  serializeJsonOnce(app);
  app.get('/kept', (_req, res) => res.json(kept.body));
  app.get('/fresh', (_req, res) => res.json({ at: 1, list: [1, 2] }));
  app.get('/scalar', (_req, res) => res.json(42));

  it('sends the same object as the bytes and ETag of its first answer, serialized once', async () => {
    const first = await request(app).get('/kept').expect(200);
    const second = await request(app).get('/kept').expect(200);
    expect(first.body).toEqual({ zones: [{ zone: '5013', value: 0.25 }], total: { value: null } });
    expect(second.text).toBe(first.text);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['etag']).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(second.headers['etag']).toBe(first.headers['etag']);
    expect(kept.times()).toBe(1);
    // Control: express's own json serializes every time.
    const plain = express();
    const again = counted({ a: 1 });
    plain.get('/kept', (_req, res) => res.json(again.body));
    await request(plain).get('/kept').expect(200);
    await request(plain).get('/kept').expect(200);
    expect(again.times()).toBe(2);
  });

  it('answers a conditional request with 304 and HEAD without a body; other values as express does', async () => {
    const { headers } = await request(app).get('/kept').expect(200);
    await request(app).get('/kept').set('If-None-Match', headers['etag'] as string).expect(304);
    const head = await request(app).head('/kept').expect(200);
    expect(head.text ?? '').toBe('');
    expect((await request(app).get('/fresh').expect(200)).body).toEqual({ at: 1, list: [1, 2] });
    expect((await request(app).get('/scalar').expect(200)).text).toBe('42');
  });
});

describe('ownBytes', () => {
  it('keeps a short answer in a buffer of its own, not in a shared slab', () => {
    const text = JSON.stringify({ zone: 'Gent – Zuid', value: 0.25 });
    const bytes = ownBytes(text);
    expect(bytes.toString('utf8')).toBe(text);
    expect(bytes.buffer.byteLength).toBe(Buffer.byteLength(text));
    // Control: Buffer.from puts the same text in the shared pool (what a kept answer would hold alive).
    expect(Buffer.from(text).buffer.byteLength).toBeGreaterThan(Buffer.byteLength(text));
  });
});
