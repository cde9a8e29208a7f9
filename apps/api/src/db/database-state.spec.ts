import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { freePort } from './embedded-postgres.js';
import { databaseUnavailableBody, isDatabaseUnavailable } from './database-state.js';

describe('isDatabaseUnavailable', () => {
  it('is true for a refused connection, as pg reports it and as TypeORM wraps it', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'x', database: 'x', password: 'x' });
    const refused = await client.connect().then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).not.toBeNull();
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], refused as Error))).toBe(true);
  });

  it('is true for a lost connection and a server shutting down or starting', () => {
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
  });

  it('is false for a failed query and for anything else', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new QueryFailedError('SELEC 1', [], Object.assign(new Error('syntax error'), { code: '42601' })))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });

  it('answers in the one error shape, with the code a client can act on', () => {
    const body = databaseUnavailableBody();
    expect(body.statusCode).toBe(503);
    expect(body.errors).toEqual([{ row: null, column: null, code: 'database_unavailable', message: body.message }]);
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
  });
});
