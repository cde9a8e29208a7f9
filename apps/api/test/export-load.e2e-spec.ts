// Exports under load (issue 15): exports are the heaviest reads, so they are admitted apart
// (exports/export-runner.ts). A small export's file is kept for the next identical download and
// never outlives a change of the data; identical downloads asked at once share one computation;
// beyond EXPORTS_IN_FLIGHT + EXPORTS_QUEUED exports the answer is 503 busy in the one error shape,
// while the other pages are still served. docs/performance.md, "Exports under load".
import { type INestApplication } from '@nestjs/common';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { jest } from '@jest/globals';
import { AnalyticsService } from '../src/analytics/analytics.service.js';
import { asBytes, auth, createTestApp, createZone, login, pastPeriod, queriesDuring, sampleCells } from './utils.js';

interface Ctx {
  app: INestApplication;
  db: DataSource;
  http: ReturnType<typeof request>;
}

/** A zone with returns for `quarters` quarters, and an administrator's and HR officer's tokens. */
async function zoneWithReturns(ctx: Ctx, quarters: number): Promise<{ zone: string; admin: string; hr: string; periods: string[] }> {
  const zone = await createZone(ctx.db, 'Export load zone');
  const admin = (await login(ctx.http, ctx.db, 'admin')).token;
  const hr = (await login(ctx.http, ctx.db, 'hr', [zone])).token;
  const periods = Array.from({ length: quarters }, (_, i) => pastPeriod(quarters + 1 - i));
  for (const [i, period] of periods.entries()) {
    await ctx.http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'export load', cells: sampleCells(10 + i) }).expect(201);
  }
  return { zone, admin, hr, periods };
}

const download = (ctx: Ctx, token: string, url: string) => ctx.http.get(url).set(auth(token)).buffer(true).parse(asBytes);

describe('exports: files kept, shared and admitted apart', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await createTestApp({ loginRateLimit: 10_000 });
  });
  afterAll(async () => {
    await ctx?.app.close();
  });

  it('an identical download is the kept file until the zone’s data changes; then it is computed from the new data', async () => {
    const { zone, admin, hr, periods } = await zoneWithReturns(ctx, 2);
    const url = `/api/v1/exports?zones=${zone}&from=${periods[0]}&to=${periods[1]}&format=csv`;
    const first = await download(ctx, admin, url).expect(200);
    const second = await download(ctx, admin, url).expect(200);
    expect([first.headers['x-export-source'], second.headers['x-export-source']]).toEqual(['computed', 'kept']);
    expect((second.body as Buffer).equals(first.body as Buffer)).toBe(true);
    // Another format or another selection is another file.
    expect((await download(ctx, admin, url.replace('format=csv', 'format=json')).expect(200)).headers['x-export-source']).toBe('computed');
    // A correction of the zone: the next download reflects it, never the kept file.
    const cells = sampleCells(10 + 1).map((c, i) => (i === 0 ? { ...c, count: c.count + 7 } : c));
    await ctx.http.put(`/api/v1/zones/${zone}/returns/${periods[1]}`).set(auth(hr)).send({ reason: 'correction', cells }).expect(201);
    const third = await download(ctx, admin, url).expect(200);
    expect(third.headers['x-export-source']).toBe('computed');
    const text = (third.body as Buffer).toString('utf8');
    expect(text).not.toBe((first.body as Buffer).toString('utf8'));
    // The corrected quarter's rows carry its revision 2.
    const rows = text.trim().split('\r\n').slice(1).map((line) => line.split(','));
    const header = text.split('\r\n')[0]!.split(',');
    const [periodAt, revisionAt] = [header.indexOf('period'), header.indexOf('revision')];
    expect(new Set(rows.filter((r) => r[periodAt] === periods[1]).map((r) => r[revisionAt]))).toEqual(new Set(['2']));
    // Each download is still audited.
    const [audited] = (await ctx.db.query("SELECT count(*)::int AS n FROM audit_event WHERE action = 'export.downloaded' AND details->'zones' ? $1", [zone])) as { n: number }[];
    expect(audited?.n).toBe(4);
  }, 60_000);

  it('identical downloads asked at once: one computation, the same file for all', async () => {
    const { zone, admin, periods } = await zoneWithReturns(ctx, 3);
    const url = `/api/v1/exports?zones=${zone}&from=${periods[0]}&to=${periods[2]}&format=csv`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => download(ctx, admin, url).expect(200)));
    const sources = answers.map((a) => a.headers['x-export-source']);
    expect(sources.filter((s) => s === 'computed')).toHaveLength(1);
    expect(answers.every((a) => (a.body as Buffer).equals(answers[0]!.body as Buffer))).toBe(true);
  }, 60_000);
});

// Under load a request waits for the API's one thread once per round trip to PostgreSQL, so a
// request's round trips multiply its latency (docs/performance.md, "Four L runs of 6 December 2026, night"): an
// export once asked one query per zone, then its quarters, their measures, the audit row and the
// zones' versions one after the other (13 round trips for 9 zones, the p99 of the L mix).
describe('round trips of the reads most asked under load', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await createTestApp({ loginRateLimit: 10_000, disclosureWarmup: false });
  });
  afterAll(async () => {
    await ctx?.app.close();
  });

  it('a kept export: its plan and its audit row, whatever the number of zones; a computed one under disclosure control: as many queries for 3 zones as for 1; a kept national table: one query', async () => {
    const zones = [await zoneWithReturns(ctx, 2), await zoneWithReturns(ctx, 2), await zoneWithReturns(ctx, 2)];
    const { admin, periods } = zones[0]!;
    const url = (codes: string[]) => `/api/v1/exports?zones=${codes.join(',')}&from=${periods[0]}&to=${periods[1]}&format=csv`;
    const one = url([zones[0]!.zone]);
    const three = url(zones.map((z) => z.zone));
    for (const u of [one, three]) expect((await download(ctx, admin, u).expect(200)).headers['x-export-source']).toBe('computed');
    const kept = async (u: string) =>
      queriesDuring(ctx.db, async () => expect((await download(ctx, admin, u).expect(200)).headers['x-export-source']).toBe('kept'));
    const [ofOne, ofThree] = [await kept(one), await kept(three)];
    expect(ofThree).toHaveLength(2);
    expect(ofOne).toHaveLength(ofThree.length);
    expect(ofThree.filter((q) => /INSERT INTO audit_event/.test(q))).toHaveLength(1);
    // A file computed under disclosure control (management): the zones' figures and protected
    // tables are read together, so three zones ask no more queries than one. (Another selection
    // than the first downloads, one quarter: no zone's rows are kept for it.)
    const manager = (await login(ctx.http, ctx.db, 'management')).token;
    for (const u of [one, three]) await download(ctx, manager, u).expect(200); // protections computed and stored
    const computed = async (u: string) =>
      queriesDuring(ctx.db, async () =>
        expect((await download(ctx, manager, u.replace('format=csv', 'format=json').replace(`from=${periods[0]}`, `from=${periods[1]}`)).expect(200)).headers['x-export-source']).toBe('computed'),
      );
    const [protectedOne, protectedThree] = [await computed(one), await computed(three)];
    expect(protectedThree).toHaveLength(protectedOne.length);
    // The national table: the zones with their data versions, then the kept table.
    const national = `/api/v1/national?metric=representation&period=${periods[1]}`;
    await ctx.http.get(national).set(auth(admin)).expect(200);
    expect(await queriesDuring(ctx.db, () => ctx.http.get(national).set(auth(admin)).expect(200))).toHaveLength(1);
  }, 60_000);
});

describe('an export of a zone the caller may not read', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await createTestApp({ loginRateLimit: 10_000, disclosureWarmup: false });
  });
  afterAll(async () => {
    await ctx?.app.close();
  });

  it('is refused (403) before anything is read', async () => {
    const [own, other] = [await zoneWithReturns(ctx, 1), await zoneWithReturns(ctx, 1)];
    const url = `/api/v1/exports?zones=${own.zone},${other.zone}&format=csv`;
    await download(ctx, own.hr, url).expect(403); // the session is then remembered (SESSION_CACHE_MS)
    const asked = await queriesDuring(ctx.db, async () => {
      const res = await download(ctx, own.hr, url).expect(403);
      expect((JSON.parse((res.body as Buffer).toString('utf8')) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['zone_forbidden']);
    });
    expect(asked).toEqual([]);
    // Control: the zone's own export is read and served.
    await download(ctx, own.hr, `/api/v1/exports?zones=${own.zone}&format=csv`).expect(200);
  }, 60_000);
});

describe('an export after a correction of one of its zones', () => {
  let ctx: Ctx;
  let fresh: Ctx;
  beforeAll(async () => {
    ctx = await createTestApp({ loginRateLimit: 10_000, disclosureWarmup: false });
    // A second instance on the same database that keeps nothing: every export computed afresh.
    fresh = await createTestApp({ loginRateLimit: 10_000, disclosureWarmup: false, exportCacheMb: 0 });
  });
  afterAll(async () => {
    await ctx?.app.close();
    await fresh?.app.close();
  });

  it('computes that zone’s rows only (the others are kept from the export before) and is the file computed afresh', async () => {
    const zones = [await zoneWithReturns(ctx, 2), await zoneWithReturns(ctx, 2), await zoneWithReturns(ctx, 2)];
    const { admin, periods } = zones[0]!;
    const codes = zones.map((z) => z.zone);
    const url = `/api/v1/exports?zones=${codes.join(',')}&from=${periods[0]}&to=${periods[1]}&format=csv&metrics=representation,hiring_share,retention&measures=headcount,hires`;
    const analytics = ctx.app.get(AnalyticsService);
    const computedFor: string[][] = [];
    const original = analytics.exportFiguresOf.bind(analytics);
    const spy = jest.spyOn(analytics, 'exportFiguresOf').mockImplementation((zs, ...rest) => {
      computedFor.push(zs.map((z) => z.zone.code));
      return original(zs, ...rest);
    });
    try {
      const before = await download(ctx, admin, url).expect(200);
      expect(before.headers['x-export-source']).toBe('computed');
      expect(new Set(computedFor.flat())).toEqual(new Set(codes));
      // A correction of the second zone's last quarter: its rows only are computed again.
      const cells = sampleCells(11).map((c, i) => (i === 0 ? { ...c, count: c.count + 5 } : c));
      await ctx.http.put(`/api/v1/zones/${codes[1]}/returns/${periods[1]}`).set(auth(zones[1]!.hr)).send({ reason: 'correction', cells }).expect(201);
      computedFor.length = 0;
      const after = await download(ctx, admin, url).expect(200);
      expect(after.headers['x-export-source']).toBe('computed');
      expect(new Set(computedFor.flat())).toEqual(new Set([codes[1]]));
      // The same file as an instance that keeps nothing computes (but the time it was generated).
      const afresh = await download(fresh, admin, url).expect(200);
      const withoutTime = (body: Buffer) => body.toString('utf8').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'T');
      expect(withoutTime(after.body as Buffer)).toBe(withoutTime(afresh.body as Buffer));
      // Control: the file did change with the correction (so the comparison above can fail), and the
      // corrected quarter's rows carry revision 2.
      expect(withoutTime(after.body as Buffer)).not.toBe(withoutTime(before.body as Buffer));
      const text = (after.body as Buffer).toString('utf8');
      const header = text.split('\r\n')[0]!.split(',');
      const rows = text.trim().split('\r\n').slice(1).map((line) => line.split(','));
      const [zoneAt, periodAt, revisionAt] = [header.indexOf('zone'), header.indexOf('period'), header.indexOf('revision')];
      expect(new Set(rows.filter((r) => r[zoneAt] === codes[1] && r[periodAt] === periods[1]).map((r) => r[revisionAt]))).toEqual(new Set(['2']));
      expect(new Set(rows.filter((r) => r[zoneAt] === codes[0] && r[periodAt] === periods[1]).map((r) => r[revisionAt]))).toEqual(new Set(['1']));
    } finally {
      spy.mockRestore();
    }
  }, 60_000);
});

describe('a protected export of several zones', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await createTestApp({ loginRateLimit: 10_000, disclosureWarmup: false });
  });
  afterAll(async () => {
    await ctx?.app.close();
  });

  it('reads where its revisions are once per chunk, for its figures of every classification and its count rows', async () => {
    const zones = [await zoneWithReturns(ctx, 2), await zoneWithReturns(ctx, 2)];
    const { periods } = zones[0]!;
    const researcher = (await login(ctx.http, ctx.db, 'researcher')).token;
    const url = `/api/v1/exports?zones=${zones.map((z) => z.zone).join(',')}&from=${periods[0]}&to=${periods[1]}&format=csv&metrics=representation,hiring_share&measures=headcount,hires&groups=origin:migration_background,gender:female`;
    // The statement of DisclosureRepository.places (the earlier quarters' revisions of each revision).
    const placesRead = (queries: string[]) => queries.filter((q) => q.includes('pub.earlier::text[]')).length;
    let res: Awaited<ReturnType<typeof download>> | undefined;
    const asked = await queriesDuring(ctx.db, async () => (res = await download(ctx, researcher, url).expect(200)));
    expect(res!.headers['x-export-source']).toBe('computed');
    // Both classifications' figures and the count rows were computed (so each could have read them).
    const text = (res!.body as Buffer).toString('utf8');
    expect(text).toContain('origin');
    expect(text).toContain('gender');
    expect(text).toContain('hires');
    expect(placesRead(asked)).toBe(1);
  }, 60_000);
});

describe('exports beyond EXPORTS_IN_FLIGHT + EXPORTS_QUEUED', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    // One export at a time, none waiting, no file kept: the second distinct export at once is refused.
    ctx = await createTestApp({ loginRateLimit: 10_000, exportsInFlight: 1, exportsQueued: 0, exportCacheMb: 0 });
  });
  afterAll(async () => {
    await ctx?.app.close();
  });

  it('answer 503 busy with Retry-After and errors[], before computing anything; other pages are served meanwhile', async () => {
    const { zone, admin, periods } = await zoneWithReturns(ctx, 8);
    const formats = ['csv', 'json', 'xlsx', 'datapackage'];
    const urls = formats.flatMap((format) => [`/api/v1/exports?zones=${zone}&from=${periods[0]}&to=${periods[7]}&format=${format}`, `/api/v1/exports?zones=${zone}&from=${periods[1]}&to=${periods[7]}&format=${format}`]);
    const [answers, page] = await Promise.all([
      Promise.all(urls.map((url) => download(ctx, admin, url))),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return ctx.http.get(`/api/v1/zones/${zone}/metrics?period=${periods[7]}`).set(auth(admin));
      })(),
    ]);
    expect(page.status).toBe(200);
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const b of busy) {
      const body = JSON.parse((b.body as Buffer).toString('utf8')) as { statusCode: number; errors: { code: string; message: string }[] };
      expect(b.headers['retry-after']).toBe('2');
      expect(body.statusCode).toBe(503);
      expect(body.errors.map((e) => e.code)).toEqual(['busy']);
      expect(body.errors[0]!.message).toMatch(/exports are being prepared/);
      expect(b.headers['content-disposition']).toBeUndefined();
    }
    // Once the others are done, the refused one is served.
    const retried = await download(ctx, admin, urls[statuses.indexOf(503)]!).expect(200);
    expect(Number(retried.headers['x-export-rows'])).toBeGreaterThan(0);
  }, 120_000);
});
