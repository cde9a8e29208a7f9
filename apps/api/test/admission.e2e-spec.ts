// Fair admission through raw sockets on an ephemeral port: clients sending slowly hold no slot of
// MAX_IN_FLIGHT (a request counts once its body has arrived), are cut off by the header, request
// and body-idle timeouts, and one address cannot run more than UPLOADS_PER_ADDRESS uploads at once.
// /api/health reports the load.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Request, Response } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { InFlightLimiter } from '../src/core/in-flight.js';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells, toCsv } from './utils.js';

const MAX_IN_FLIGHT = 4;
const HEADERS_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 3000;
const BODY_IDLE_TIMEOUT_MS = 1500;

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let port: number;
let token: string;
let zone: string;

beforeAll(async () => {
  ({ app, db } = await createTestApp({
    maxInFlight: MAX_IN_FLIGHT,
    maxQueued: 1000,
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    bodyIdleTimeoutMs: BODY_IDLE_TIMEOUT_MS,
    uploadsPerAddress: 2,
    // Every slow client comes from 127.0.0.1: no login rate limit in the way.
    loginRateLimit: 100000,
  }));
  await app.listen(0, '127.0.0.1');
  port = (app.getHttpServer().address() as AddressInfo).port;
  http = request(app.getHttpServer());
  zone = await createZone(db, 'Admission zone');
  token = (await login(http, db, 'hr', [zone])).token;
});

afterAll(async () => {
  await app.close();
});

/** A raw client: what the server sent back, and when it closed the connection (ms after `start`). */
interface Slow {
  socket: net.Socket;
  received: string;
  closedAt: number | null;
  timer: NodeJS.Timeout | null;
}

function connect(start: number): Promise<Slow> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const slow: Slow = { socket, received: '', closedAt: null, timer: null };
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (slow.received += d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      slow.closedAt = Date.now() - start;
      if (slow.timer) clearInterval(slow.timer);
    });
    socket.once('connect', () => resolve(slow));
    socket.once('error', reject);
  });
}

/** Writes `text` one byte a second (the first byte at once). */
function trickle(slow: Slow, text: string): void {
  let i = 0;
  const next = () => {
    if (i < text.length && !slow.socket.destroyed) slow.socket.write(text[i++]!);
  };
  next();
  slow.timer = setInterval(next, 1000);
}

const LOGIN_BODY = JSON.stringify({ username: 'slow.client', password: 'a-password-sent-slowly-1' });
const loginHead = (length: number) => `POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('slow clients', () => {
  it('50 slow clients do not delay others, and are cut off by the timeouts', async () => {
    const start = Date.now();
    const bodies: Slow[] = [];
    const headers: Slow[] = [];
    // 40 send a login's headers at once and its body one byte a second; 10 send their headers one byte a second.
    for (let i = 0; i < 40; i++) {
      const s = await connect(start);
      s.socket.write(loginHead(LOGIN_BODY.length));
      trickle(s, LOGIN_BODY);
      bodies.push(s);
    }
    for (let i = 0; i < 10; i++) {
      const s = await connect(start);
      trickle(s, loginHead(LOGIN_BODY.length) + LOGIN_BODY);
      headers.push(s);
    }
    try {
      await sleep(300);
      // While they trickle (10 × MAX_IN_FLIGHT of them), authenticated reads answer at once.
      const timings: number[] = [];
      for (let round = 0; round < 3; round++) {
        const t0 = Date.now();
        const answers = await Promise.all(
          Array.from({ length: MAX_IN_FLIGHT * 2 }, () => http.get(`/api/v1/zones/${zone}/returns`).set(auth(token)).timeout(1500)),
        );
        for (const a of answers) expect(a.status).toBe(200);
        timings.push(Date.now() - t0);
        const health = await http.get('/api/health').timeout(1000).expect(200);
        // The slow clients hold no slot.
        expect(health.body.load).toMatchObject({ status: 'ok', inFlight: 0, queued: 0, maxInFlight: MAX_IN_FLIGHT, maxQueued: 1000 });
        await sleep(200);
      }
      expect(Math.max(...timings)).toBeLessThan(1000);
      expect(bodies.every((s) => s.closedAt === null) && headers.every((s) => s.closedAt === null)).toBe(true);

      // Cut off: slow headers after HEADERS_TIMEOUT_MS, slow bodies after REQUEST_TIMEOUT_MS (each plus
      // at most Node's check interval), all with 408 and the connection closed.
      const deadline = start + REQUEST_TIMEOUT_MS + 2500;
      while (Date.now() < deadline && [...bodies, ...headers].some((s) => s.closedAt === null)) await sleep(100);
      for (const s of headers) {
        expect(s.closedAt).not.toBeNull();
        expect(s.closedAt!).toBeLessThan(HEADERS_TIMEOUT_MS + 1500);
        expect(s.received).toMatch(/^HTTP\/1\.1 408/);
      }
      for (const s of bodies) {
        expect(s.closedAt).not.toBeNull();
        expect(s.closedAt!).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 500);
        expect(s.received).toMatch(/^HTTP\/1\.1 408/);
      }
    } finally {
      for (const s of [...bodies, ...headers]) {
        if (s.timer) clearInterval(s.timer);
        s.socket.destroy();
      }
    }
  });

  it('a body that stops arriving is answered 408 in the error shape after BODY_IDLE_TIMEOUT_MS', async () => {
    const start = Date.now();
    const s = await connect(start);
    s.socket.write(loginHead(LOGIN_BODY.length) + LOGIN_BODY.slice(0, 10));
    while (s.closedAt === null && Date.now() - start < BODY_IDLE_TIMEOUT_MS + 3000) await sleep(50);
    expect(s.closedAt).not.toBeNull();
    expect(s.closedAt!).toBeGreaterThanOrEqual(BODY_IDLE_TIMEOUT_MS - 100);
    expect(s.received).toMatch(/^HTTP\/1\.1 408/);
    const body = JSON.parse(s.received.slice(s.received.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 408, errors: [{ row: null, column: null, code: 'body_timeout' }] });
  });

  it('a body sent in pieces is read whole once it has arrived', async () => {
    const s = await connect(Date.now());
    s.socket.write(loginHead(LOGIN_BODY.length) + LOGIN_BODY.slice(0, 5));
    await sleep(150);
    s.socket.write(LOGIN_BODY.slice(5, 30));
    await sleep(150);
    s.socket.write(LOGIN_BODY.slice(30));
    const t0 = Date.now();
    while (!/\r\n\r\n[\s\S]*\}/.test(s.received) && Date.now() - t0 < 3000) await sleep(20);
    s.socket.destroy();
    // The login was read (unknown user → 401), not a parse error.
    expect(s.received).toMatch(/^HTTP\/1\.1 401/);
  });

  it('a large JSON body and a file upload still go through the gate intact', async () => {
    const period = pastPeriod(30);
    const cells = sampleCells(10);
    const padded = { reason: 'Large body ' + 'x'.repeat(10), cells, note: 'y'.repeat(300_000) };
    // Unknown fields are refused by validation: what matters is that all 300 kB were read as JSON.
    const big = await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(token)).send(padded);
    expect([201, 400, 422]).toContain(big.status);
    expect(big.body.message).not.toMatch(/not valid JSON/);
    await http
      .post(`/api/v1/zones/${zone}/returns/${period}/upload`)
      .set(auth(token))
      .field('reason', 'Upload through the gate')
      // Values padded with spaces (trimmed by the reader): a file of some 150 kB, arriving in several pieces.
      .attach('file', Buffer.from(toCsv(cells).replace(/\n(?!$)/g, `${' '.repeat(10_000)}\n`)), 'return.csv')
      .expect(200);
  });
});

describe('body limits', () => {
  /** Sends `head` (and `body`, if any) on a raw connection and waits for the JSON answer. */
  async function exchange(head: string, body?: string): Promise<{ status: number; body: { statusCode: number; errors: { row: unknown; column: unknown; code: string; message: string }[] } }> {
    const s = await connect(Date.now());
    s.socket.write(head);
    if (body !== undefined) s.socket.write(body);
    for (let waited = 0; !s.received.includes('\r\n\r\n{') || !s.received.trimEnd().endsWith('}'); waited += 20) {
      if (waited > 5000) throw new Error(`no answer: ${JSON.stringify(s.received.slice(0, 300))}`);
      await sleep(20);
    }
    s.socket.destroy();
    return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(s.received)?.[1]), body: JSON.parse(s.received.slice(s.received.indexOf('\r\n\r\n') + 4)) as never };
  }
  const head = (method: string, path: string, type: string, length: string) =>
    `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${type}\r\n${length}\r\n\r\n`;

  it('refuses at once a body announced past the API’s own limits, in the words of those limits', async () => {
    // An upload larger than UPLOAD_MAX_BYTES (10 MiB) plus its form: the upload's 413, before a byte of it is sent.
    const upload = await exchange(head('POST', `/api/v1/zones/${zone}/returns/${pastPeriod(32)}/upload`, 'multipart/form-data; boundary=b', `Content-Length: ${11 * 1024 * 1024}`));
    expect(upload).toMatchObject({ status: 413, body: { statusCode: 413, errors: [{ row: null, column: 'file', code: 'file_too_large' }] } });
    // JSON past the 5 MB of the JSON parser: the parser's 413.
    const json = await exchange(head('PUT', `/api/v1/zones/${zone}/returns/${pastPeriod(32)}`, 'application/json', `Content-Length: ${5 * 1024 * 1024 + 1}`));
    expect(json).toMatchObject({ status: 413, body: { statusCode: 413, errors: [{ row: null, column: null, code: 'too_large', message: expect.stringMatching(/at most 5 MB of JSON/) }] } });
  });

  it('refuses a body past the limit that does not announce its size once that much has arrived, in the same words', async () => {
    const big = JSON.stringify({ reason: 'x'.repeat(5 * 1024 * 1024), cells: [] });
    const res = await exchange(head('PUT', `/api/v1/zones/${zone}/returns/${pastPeriod(32)}`, 'application/json', 'Transfer-Encoding: chunked'), `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`);
    expect(res).toMatchObject({ status: 413, body: { statusCode: 413, errors: [{ row: null, column: null, code: 'too_large', message: expect.stringMatching(/at most 5 MB of JSON/) }] } });
  });
});

describe('uploads per address', () => {
  it('refuses a third concurrent upload from one address with 429, Retry-After and the error shape', async () => {
    const start = Date.now();
    const boundary = 'slowboundary';
    const uploads: Slow[] = [];
    for (let i = 0; i < 2; i++) {
      const s = await connect(start);
      s.socket.write(
        `POST /api/v1/zones/${zone}/returns/${pastPeriod(31)}/upload HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n--${boundary}\r\n`,
      );
      uploads.push(s);
    }
    try {
      await sleep(200);
      const refused = await http
        .post(`/api/v1/zones/${zone}/returns/${pastPeriod(31)}/upload`)
        .set(auth(token))
        .field('reason', 'Third upload')
        .attach('file', Buffer.from(toCsv(sampleCells(10))), 'return.csv')
        .expect(429);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.body).toMatchObject({ statusCode: 429, errors: [{ row: null, column: null, code: 'too_many_uploads' }] });
      // Reads are not uploads.
      await http.get(`/api/v1/zones/${zone}/returns`).set(auth(token)).expect(200);
    } finally {
      for (const s of uploads) s.socket.destroy();
    }
    await sleep(100);
    await http
      .post(`/api/v1/zones/${zone}/returns/${pastPeriod(31)}/upload`)
      .set(auth(token))
      .field('reason', 'Once the others have gone')
      .attach('file', Buffer.from(toCsv(sampleCells(10))), 'return.csv')
      .expect(200);
  });
});

describe('health reports saturation', () => {
  it('says when the queue is full (503, status busy), and gives only the load figures besides', async () => {
    const limiter = app.get(InFlightLimiter);
    const ok = await http.get('/api/health').expect(200);
    expect(Object.keys(ok.body).sort()).toEqual(['database', 'load', 'oidc', 'profile', 'status', 'version']);
    expect(ok.body.load).toEqual({ status: 'ok', inFlight: 0, queued: 0, maxInFlight: MAX_IN_FLIGHT, maxQueued: 1000 });
    // Occupy every slot and every place in the queue with stand-in requests.
    const finishers: (() => void)[] = [];
    const occupy = () => {
      const listeners: Record<string, (() => void)[]> = {};
      const res = {
        once: (event: string, fn: () => void) => (listeners[event] ??= []).push(fn),
        status: () => res,
        set: () => res,
        json: () => res,
      };
      limiter.middleware({ path: '/api/v1/zones' } as Request, res as unknown as Response, () => undefined);
      finishers.push(() => (listeners['close'] ?? []).forEach((fn) => fn()));
    };
    for (let i = 0; i < MAX_IN_FLIGHT + 1; i++) occupy();
    const queueing = await http.get('/api/health').expect(200);
    expect(queueing.body.load).toMatchObject({ status: 'queueing', inFlight: MAX_IN_FLIGHT, queued: 1 });
    for (let i = 0; i < 999; i++) occupy();
    const full = await http.get('/api/health').expect(503);
    expect(full.body).toMatchObject({ status: 'busy', database: 'ok', load: { status: 'full', inFlight: MAX_IN_FLIGHT, queued: 1000 } });
    for (const finish of finishers) finish();
    const after = await http.get('/api/health').expect(200);
    expect(after.body.load).toMatchObject({ status: 'ok', inFlight: 0, queued: 0 });
  });
});
