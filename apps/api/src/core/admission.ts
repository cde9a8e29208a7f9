import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { type AppConfig, maxRequestBytes } from '../config/config.js';
import { fileTooLarge, jsonTooLarge } from './http-exception.filter.js';
import type { ProblemCode, ProblemParams } from '@equity/shared';
import { refusalBody } from './problems.js';

/** Seconds a client refused for too many uploads at once is asked to wait. */
export const UPLOAD_RETRY_AFTER_SECONDS = 5;

export type AdmissionSettings = Pick<AppConfig, 'headersTimeoutMs' | 'requestTimeoutMs' | 'bodyIdleTimeoutMs' | 'uploadsPerAddress' | 'bodyBufferMb' | 'uploads'>;

/**
 * Node's own limits on slow clients, applied to the HTTP server of the app (createApp, so the
 * production server and every test app get the same): the headers must arrive within
 * `headersTimeoutMs` and the whole request within `requestTimeoutMs`, else Node answers 408 and
 * closes the connection. Node checks these every `connectionsCheckingInterval` (30 s by default,
 * which would let a slow client stay up to 30 s past its limit): here at most every second.
 */
export function applyServerTimeouts(server: Server, settings: Pick<AppConfig, 'headersTimeoutMs' | 'requestTimeoutMs'>): void {
  server.headersTimeout = settings.headersTimeoutMs;
  server.requestTimeout = settings.requestTimeoutMs;
  // Read when the server starts listening (Node's setupConnectionsTracking); not in @types/node.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(100, Math.min(1000, Math.floor(settings.headersTimeoutMs / 4)));
}

/** A refusal in the API's one error shape (core/problems.ts), sent by middleware (before Nest's exception filter). */
function refuse(res: Response, status: number, error: string, code: ProblemCode, message: string, headers: Record<string, string> = {}, column: string | null = null, params?: ProblemParams): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).json(refusalBody(status, error, message, { code, column, ...(params ? { params } : {}) }));
}

const isMultipart = (req: Request) => /^multipart\//i.test(req.headers['content-type'] ?? '');

/**
 * What one request may send and the words when it sends more: an upload (a form) UPLOAD_MAX_BYTES
 * plus its form, with the upload's own 413 (file_too_large, as multer and the preflight say it);
 * anything else the JSON parser's 5 MB, with its 413 (too_large). config.maxRequestBytes.
 */
function bodyLimit(req: Request, settings: AdmissionSettings): { max: number; code: ProblemCode; message: string; params?: ProblemParams; column: string | null } {
  const multipart = isMultipart(req);
  const words = multipart ? fileTooLarge(settings.uploads.maxBytes) : jsonTooLarge();
  return { max: maxRequestBytes(settings.uploads, multipart), ...words, column: multipart ? 'file' : null };
}

/**
 * Fair admission, in front of the in-flight limiter (core/in-flight.ts): a request is handed on
 * (and so counts against MAX_IN_FLIGHT) only once its body has fully arrived; a body-less request at
 * once. While the body arrives it is read into memory and put back on the request stream
 * (`unshift`), so the body parsers and the upload interceptor downstream read it as usual, without
 * waiting for the network. A client sending its body slowly thus holds no slot of the limiter, only
 * its socket and the bytes sent so far, and is ended by:
 * - the body idle timeout: no byte for `bodyIdleTimeoutMs` → 408 (error shape), connection closed;
 * - Node's `requestTimeout` (applyServerTimeouts): the whole request within that time.
 * Bounds: per request the API's own body limits (bodyLimit: an upload UPLOAD_MAX_BYTES plus its
 * form, other bodies the 5 MB of JSON), refused 413 at once when Content-Length announces more and
 * the moment more has arrived otherwise, in the same words as the parsers behind; at most
 * `bodyBufferMb` for all requests still arriving or waiting (503 with Retry-After); and at most
 * `uploadsPerAddress` multipart uploads per client address at once, counted from their first byte
 * until answered (429 with Retry-After). The client address is Express's `req.ip` (TRUST_PROXY
 * honoured). So the checks of the handlers (role, zone, signed-off quarter, If-Match) run only
 * once the whole body is here.
 */
export class AdmissionGate {
  private bufferedBytes = 0;
  private arriving = 0;
  private readonly uploads = new Map<string, number>();
  private readonly budget: number;

  constructor(private readonly settings: AdmissionSettings) {
    this.budget = settings.bodyBufferMb * 1024 * 1024;
  }

  /** Requests whose body is still arriving. */
  get receiving(): number {
    return this.arriving;
  }

  /** Bytes of bodies held: arriving, or arrived and not yet read by the app. */
  get buffered(): number {
    return this.bufferedBytes;
  }

  /** Uploads under way from one address (for tests and diagnostics). */
  uploadsFrom(address: string): number {
    return this.uploads.get(address) ?? 0;
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const limit = bodyLimit(req, this.settings);
    // Announced larger than allowed: refused before a byte of the body is read or held.
    const announced = Number(req.headers['content-length']);
    if (Number.isFinite(announced) && announced > limit.max) {
      res.setHeader('Connection', 'close');
      refuse(res, 413, 'Payload Too Large', limit.code, limit.message, {}, limit.column, limit.params);
      res.once('finish', () => setTimeout(() => req.socket.destroy(), 1000).unref());
      return;
    }
    if (isMultipart(req) && !this.admitUpload(req, res)) return;
    // Everything already received (no body, or a small one in the first packet): on at once.
    if (req.complete) return next();
    this.receive(req, res, next, limit);
  };

  private admitUpload(req: Request, res: Response): boolean {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const running = this.uploads.get(address) ?? 0;
    if (running >= this.settings.uploadsPerAddress) {
      res.setHeader('Connection', 'close');
      refuse(
        res,
        429,
        'Too Many Requests',
        'too_many_uploads',
        `Your network address already has ${running} upload${running === 1 ? '' : 's'} under way. Wait until ${running === 1 ? 'it has' : 'they have'} finished and try again.`,
        { 'Retry-After': String(UPLOAD_RETRY_AFTER_SECONDS) },
        null,
        { running },
      );
      return false;
    }
    this.uploads.set(address, running + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const n = (this.uploads.get(address) ?? 1) - 1;
      if (n <= 0) this.uploads.delete(address);
      else this.uploads.set(address, n);
    };
    res.once('finish', release);
    res.once('close', release);
    return true;
  }

  private receive(req: Request, res: Response, next: NextFunction, limit: ReturnType<typeof bodyLimit>): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let held = 0;
    let done = false;
    this.arriving += 1;
    const hold = (bytes: number) => {
      held += bytes;
      this.bufferedBytes += bytes;
    };
    const releaseHeld = () => {
      this.bufferedBytes -= held;
      held = 0;
    };
    let idle = setTimeout(() => stop(408, 'Request Timeout', 'body_timeout', 'The request body stopped arriving. Check your connection and send it again.'), this.settings.bodyIdleTimeoutMs);
    const finish = () => {
      if (done) return false;
      done = true;
      clearTimeout(idle);
      this.arriving -= 1;
      req.removeListener('readable', onReadable);
      req.removeListener('aborted', onGone);
      req.removeListener('close', onGone);
      req.removeListener('error', onGone);
      return true;
    };
    /** Refuses the request while its body is still arriving, then closes the connection (the rest is not read). */
    const stop = (status: number, error: string, code: ProblemCode, message: string, headers: Record<string, string> = {}, column: string | null = null, params?: ProblemParams) => {
      if (!finish()) return;
      releaseHeld();
      chunks.length = 0;
      res.setHeader('Connection', 'close');
      refuse(res, status, error, code, message, headers, column, params);
      // Give the answer a moment to leave, then drop the connection and whatever is still coming.
      res.once('finish', () => setTimeout(() => req.socket.destroy(), 1000).unref());
    };
    const onGone = () => {
      if (finish()) releaseHeld();
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = req.read() as Buffer | null) !== null) {
        size += chunk.length;
        if (size > limit.max) return stop(413, 'Payload Too Large', limit.code, limit.message, {}, limit.column, limit.params);
        if (this.bufferedBytes + chunk.length > this.budget) {
          return stop(503, 'Service Unavailable', 'busy', 'The server is busy receiving other uploads; retry in a moment.', { 'Retry-After': '1' });
        }
        hold(chunk.length);
        chunks.push(chunk);
        clearTimeout(idle);
        idle = setTimeout(() => stop(408, 'Request Timeout', 'body_timeout', 'The request body stopped arriving. Check your connection and send it again.'), this.settings.bodyIdleTimeoutMs);
      }
      if (!req.complete) return;
      // The whole body is here: put it back before the stream can end, so it is read downstream.
      if (!finish()) return;
      if (chunks.length) req.unshift(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
      chunks.length = 0;
      // The bytes stay held until the request is answered (they are in memory until then).
      res.once('close', releaseHeld);
      // After Node has let go of the 'readable' listener (it does so on the next tick), so the
      // parsers downstream get an ordinary stream.
      process.nextTick(next);
    };
    req.on('readable', onReadable);
    req.once('aborted', onGone);
    req.once('close', onGone);
    req.once('error', onGone);
  }
}
