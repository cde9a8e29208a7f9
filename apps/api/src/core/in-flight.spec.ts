import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { InFlightLimiter, stepAside } from './in-flight.js';
import { SharedWork } from './shared-work.js';
import { Slots } from './slots.js';

/** An Express response stand-in: records the status, headers and body; `end()` finishes it. */
class FakeResponse extends EventEmitter {
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown;
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  set(name: string, value: string) {
    this.headers[name] = value;
    return this;
  }
  json(body: unknown) {
    this.body = body;
    this.end();
    return this;
  }
  end() {
    this.emit('finish');
    this.emit('close');
  }
}

const request = (path = '/api/v1/zones') => ({ path }) as Request;

describe('InFlightLimiter', () => {
  it('runs at most maxInFlight requests, queues the next ones in order, and refuses beyond the queue with Retry-After', () => {
    const limiter = new InFlightLimiter(2, 2, 3);
    const started: number[] = [];
    const responses = [0, 1, 2, 3, 4].map(() => new FakeResponse());
    responses.forEach((res, i) => limiter.middleware(request(), res as unknown as Response, (() => started.push(i)) as NextFunction));
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(2);
    // The fifth: queue full.
    expect(responses[4]!.statusCode).toBe(503);
    expect(responses[4]!.headers['Retry-After']).toBe('3');
    // Each finished request lets the oldest queued one start, once (finish and close both fire).
    responses[1]!.end();
    expect(started).toEqual([0, 1, 2]);
    responses[0]!.end();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(limiter.inFlight).toBe(2);
    responses[2]!.end();
    responses[3]!.end();
    expect(limiter.inFlight).toBe(0);
  });

  it('drops a queued request whose client left, and never queues the health check or the web app', () => {
    const limiter = new InFlightLimiter(1, 10);
    const started: string[] = [];
    const first = new FakeResponse();
    const gone = new FakeResponse();
    const waiting = new FakeResponse();
    limiter.middleware(request(), first as unknown as Response, (() => started.push('first')) as NextFunction);
    limiter.middleware(request(), gone as unknown as Response, (() => started.push('gone')) as NextFunction);
    limiter.middleware(request(), waiting as unknown as Response, (() => started.push('waiting')) as NextFunction);
    gone.emit('close');
    expect(limiter.queued).toBe(1);
    limiter.middleware(request('/api/health'), new FakeResponse() as unknown as Response, (() => started.push('health')) as NextFunction);
    limiter.middleware(request('/assets/index.js'), new FakeResponse() as unknown as Response, (() => started.push('static')) as NextFunction);
    first.end();
    expect(started).toEqual(['first', 'health', 'static', 'waiting']);
  });

  it('reports its load: ok, queueing while requests wait, full when the next would be refused', () => {
    const limiter = new InFlightLimiter(1, 1);
    expect(limiter.load).toEqual({ status: 'ok', inFlight: 0, queued: 0, maxInFlight: 1, maxQueued: 1 });
    const first = new FakeResponse();
    limiter.middleware(request(), first as unknown as Response, (() => undefined) as NextFunction);
    expect(limiter.load).toMatchObject({ status: 'ok', inFlight: 1, queued: 0 });
    const second = new FakeResponse();
    limiter.middleware(request(), second as unknown as Response, (() => undefined) as NextFunction);
    expect(limiter.load).toMatchObject({ status: 'full', inFlight: 1, queued: 1 });
    const refused = new FakeResponse();
    limiter.middleware(request(), refused as unknown as Response, (() => undefined) as NextFunction);
    expect(refused.statusCode).toBe(503);
    expect(refused.body).toMatchObject({ statusCode: 503, errors: [{ row: null, column: null, code: 'busy' }] });
    first.end();
    expect(limiter.load).toMatchObject({ status: 'ok', inFlight: 1, queued: 0 });
    second.end();
    const roomy = new InFlightLimiter(1, 5);
    roomy.middleware(request(), new FakeResponse() as unknown as Response, (() => undefined) as NextFunction);
    roomy.middleware(request(), new FakeResponse() as unknown as Response, (() => undefined) as NextFunction);
    expect(roomy.load).toMatchObject({ status: 'queueing', inFlight: 1, queued: 1 });
  });

  it('a request that only waits for work another request does (SharedWork) gives its place to the next one; waiting otherwise it keeps it', async () => {
    for (const shared of [true, false]) {
      const limiter = new InFlightLimiter(2, 10);
      const work = new SharedWork(new Slots(2));
      let finish!: (table: string) => void;
      const table = new Promise<string>((resolve) => (finish = resolve));
      const started: string[] = [];
      const answers: Promise<unknown>[] = [];
      const responses = ['first', 'second', 'other'].map(() => new FakeResponse());
      /** A request for the national table: the first computes it, the second asks while it runs. */
      const national = (name: string, res: FakeResponse) =>
        limiter.middleware(request(), res as unknown as Response, (() => {
          started.push(name);
          // The control: the second awaits the same computation without SharedWork.
          const answer = shared || name === 'first' ? work.run('national', () => table) : table;
          answers.push(answer.then(() => res.end()));
        }) as NextFunction);
      national('first', responses[0]!);
      national('second', responses[1]!);
      limiter.middleware(request(), responses[2]! as unknown as Response, (() => started.push('other')) as NextFunction);
      // Another page: at work at once when the second stepped aside; queued behind it otherwise.
      expect(started).toEqual(shared ? ['first', 'second', 'other'] : ['first', 'second']);
      expect(limiter.inFlight).toBe(2);
      expect(limiter.queued).toBe(shared ? 0 : 1);
      finish('the table');
      await Promise.all(answers);
      // Each place given back once: the second's finishing does not free a place twice.
      expect(started).toEqual(['first', 'second', 'other']);
      expect(limiter.inFlight).toBe(1);
      responses[2]!.end();
      expect(limiter.inFlight).toBe(0);
    }
    // Outside a request it does nothing.
    expect(() => stepAside()).not.toThrow();
  });
});
