// ReturnsRepository.storeRevisions on a merged zone: it writes nothing and answers which zone and
// quarters its successor holds (`merged`); the returns service turns that into 409 zone_merged on
// every write path (zone-merger.e2e-spec.ts goes through them over HTTP).
import type { INestApplication } from '@nestjs/common';
import { BELGIUM_POLICE } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { ReturnsRepository, sumDimensions } from '../src/returns/returns.repository.js';
import { auth, createTestApp, login, pastPeriod, sampleCells, uniqueCode } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ loginRateLimit: 100_000 }));
});
afterAll(async () => {
  await app.close();
});

describe('ReturnsRepository.storeRevisions', () => {
  it('answers the quarters a merged zone’s successor holds, and writes nothing', async () => {
    const admin = await login(http, db, 'admin');
    const [a, c] = [uniqueCode('8'), uniqueCode('8')];
    for (const code of [a, c]) await http.post('/api/v1/zones').set(auth(admin.token)).send({ code, nameNl: `Zone ${code}`, nameFr: `Zone ${code}`, profile: 'belgium-police' }).expect(201);
    const from = pastPeriod(2);
    await http.post(`/api/v1/zones/${a}/merger`).set(auth(admin.token)).send({ into: c, from }).expect(201);
    const [zone] = (await db.query('SELECT z.id, u.id AS author FROM zone z, app_user u WHERE z.code = $1 AND u.username = $2', [a, admin.username])) as { id: number; author: number }[];
    const input = (period: string) => ({
      zoneId: zone!.id,
      period,
      authorId: zone!.author,
      reason: 'test',
      source: 'form' as const,
      cells: sampleCells(20),
      dimensions: sumDimensions(BELGIUM_POLICE),
    });
    const repo = app.get(ReturnsRepository);
    const stored = await db.transaction((m) => repo.storeRevisions(m, [input(pastPeriod(1)), input(pastPeriod(3)), input(from)]));
    expect(stored).toEqual({ merged: { zone: a, name: `Zone ${a}`, successor: c, from, quarters: [from, pastPeriod(1)].sort() } });
    expect(await db.transaction((m) => repo.storeRevision(m, input(from)))).toEqual({ merged: { zone: a, name: `Zone ${a}`, successor: c, from, quarters: [from] } });
    const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM quarterly_return WHERE zone_id = $1', [zone!.id])) as [{ n: number }];
    expect(n).toBe(0);
  });
});
