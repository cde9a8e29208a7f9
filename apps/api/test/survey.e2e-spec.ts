// The anonymous self-identification survey: campaigns, one-time codes, answering, throttling,
// results only after close and through disclosure control, and nothing that links an answer to a
// person or to a moment finer than a day — in the tables or in the logs.
import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { addDays, brusselsDay, type Count, isSuppressed, type RepresentationComparisonDto, type SurveyCampaignDto, type SurveyCodesDto, type SurveyResultsDto, type SurveyTableDto } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { attack, type Equation, loadAttacker } from './attacker.js';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zone: string;
let hr: string;
let admin: string;
let researcher: string;
let management: string;
const today = brusselsDay();
const period = pastPeriod(40);

const sha = (code: string) => createHash('sha256').update(code.replace(/-/g, '')).digest('hex');

async function open(invitations: number, extra: object = {}): Promise<SurveyCodesDto> {
  const res = await http
    .post(`/api/v1/zones/${zone}/surveys`)
    .set(auth(hr))
    .send({ period, opensOn: today, closesOn: addDays(today, 14), invitations, ...extra })
    .expect(201);
  return res.body as SurveyCodesDto;
}

const answer = (code: string, a: object) => http.put('/api/v1/survey/answer').send({ code, answer: a });

beforeAll(async () => {
  await loadAttacker();
  ({ app, db, http } = await createTestApp({ loginRateLimit: 10_000, surveyCodeRateLimit: 10_000 }));
  zone = await createZone(db, 'Survey zone');
  hr = (await login(http, db, 'hr', [zone])).token;
  admin = (await login(http, db, 'admin')).token;
  researcher = (await login(http, db, 'researcher')).token;
  management = (await login(http, db, 'management')).token;
});
afterAll(async () => {
  await app.close();
});

describe('campaigns and codes', () => {
  it('opens a campaign with as many unique, well-formed codes as invitations, stores only their hashes, and audits it without codes', async () => {
    const { campaign, codes } = await open(25, { optionalQuestions: ['age_band'] });
    expect(codes).toHaveLength(25);
    expect(new Set(codes).size).toBe(25);
    for (const c of codes) expect(c).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$/);
    expect(campaign).toMatchObject({ zone, period, status: 'open', invitations: 25, responses: null, responseRate: null, questions: ['gender', 'origin', 'age_band'] });

    const stored = (await db.query('SELECT encode(code_hash, $2) AS h FROM survey_code WHERE campaign_id = $1', [campaign.id, 'hex'])) as { h: string }[];
    expect(stored.map((r) => r.h).sort()).toEqual(codes.map(sha).sort());
    // No code in clear anywhere in the database's survey tables or the audit log.
    const dump = JSON.stringify(
      await db.query(
        `SELECT (SELECT json_agg(c) FROM survey_campaign c) AS a, (SELECT json_agg(s) FROM survey_answer_set s) AS b,
                (SELECT json_agg(e) FROM audit_event e) AS d`,
      ),
    ).toUpperCase();
    for (const c of codes) {
      expect(dump).not.toContain(c);
      expect(dump).not.toContain(c.replace(/-/g, ''));
    }
    const events = (await db.query("SELECT action, actor_username, details FROM audit_event WHERE zone_code = $1 AND action LIKE 'survey.%' ORDER BY id", [zone])) as {
      action: string;
      details: Record<string, unknown>;
    }[];
    expect(events.map((e) => e.action)).toEqual(['survey.campaign_opened', 'survey.codes_generated']);
    expect(events[1]!.details).toEqual({ campaign: campaign.id, count: 25 });

    const more = (await http.post(`/api/v1/zones/${zone}/surveys/${campaign.id}/codes`).set(auth(hr)).send({ count: 5 }).expect(201)).body as SurveyCodesDto;
    expect(more.codes).toHaveLength(5);
    expect(more.campaign.invitations).toBe(30);
  });

  it('reports every problem of a campaign at once (422) and writes nothing', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM survey_campaign')) as { n: number }[];
    const res = await http
      .post(`/api/v1/zones/${zone}/surveys`)
      .set(auth(hr))
      .send({ period: '2026-Q5', opensOn: '2026-02-30', closesOn: addDays(today, -1), invitations: 0, optionalQuestions: ['religion'] })
      .expect(422);
    expect(res.body.errors.map((e: { column: string; code: string }) => `${e.column}:${e.code}`).sort()).toEqual(
      ['invitations:invalid_invitations', 'opensOn:invalid_date', 'optionalQuestions:unknown_question', 'period:invalid_period'].sort(),
    );
    const past = await http.post(`/api/v1/zones/${zone}/surveys`).set(auth(hr)).send({ period, opensOn: addDays(today, -9), closesOn: addDays(today, -2), invitations: 3 }).expect(422);
    expect(past.body.errors[0]).toMatchObject({ column: 'closesOn', code: 'closes_in_past' });
    const after = (await db.query('SELECT count(*)::int AS n FROM survey_campaign')) as { n: number }[];
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('lets only HR of the zone and administrators open campaigns', async () => {
    const other = await createZone(db, 'Other survey zone');
    const hrOther = (await login(http, db, 'hr', [other])).token;
    await http.post(`/api/v1/zones/${zone}/surveys`).set(auth(hrOther)).send({ period, opensOn: today, closesOn: today, invitations: 2 }).expect(403);
    await http.post(`/api/v1/zones/${zone}/surveys`).set(auth(researcher)).send({ period, opensOn: today, closesOn: today, invitations: 2 }).expect(403);
    await http.post(`/api/v1/zones/${zone}/surveys`).set(auth(admin)).send({ period, opensOn: today, closesOn: today, invitations: 2 }).expect(201);
  });
});

describe('answering', () => {
  it('a code opens the questions, saves an answer, returns to change it and withdraws it; one answer per code', async () => {
    const { campaign, codes } = await open(3);
    const [a, b] = codes as [string, string];
    const session = await http.post('/api/v1/survey/session').send({ code: a.toLowerCase().replace(/-/g, ' ') }).expect(200);
    expect(session.headers['set-cookie']).toBeUndefined();
    expect(session.headers['cache-control']).toBe('no-store');
    expect(session.body.answer).toBeNull();
    expect(session.body.zone.code).toBe(zone);
    expect(session.body.questions.map((q: { dimension: string }) => q.dimension)).toEqual(['gender', 'origin']);
    const origin = session.body.questions.find((q: { dimension: string }) => q.dimension === 'origin');
    expect(origin.multiple).toBe(true);
    expect(origin.values.filter((v: { notDeclared: boolean }) => v.notDeclared)).toHaveLength(1);
    expect(session.body.categories.length).toBeGreaterThan(0);

    await answer(a, { category: 'basic', classes: { gender: 'female', origin: 'be_be' } }).expect(200, { saved: true, closesOn: campaign.closesOn });
    // The same code changes its own answer: still one answer.
    await answer(a, { category: 'middle', classes: { gender: 'female', origin: ['be_non_eu', 'be_eu'] } }).expect(200);
    const back = await http.post('/api/v1/survey/session').send({ code: a }).expect(200);
    expect(back.body.answer).toEqual({ category: 'middle', classes: { gender: 'female', origin: ['be_eu', 'be_non_eu'] } });
    await answer(b, { category: 'not_declared', classes: {} }).expect(200);
    const [set] = (await db.query('SELECT answers FROM survey_answer_set WHERE campaign_id = $1', [campaign.id])) as { answers: Record<string, unknown> }[];
    expect(Object.keys(set!.answers).sort()).toEqual([sha(a), sha(b)].sort());

    await http.post('/api/v1/survey/withdraw').send({ code: b }).expect(200, { saved: false, closesOn: campaign.closesOn });
    expect((await http.post('/api/v1/survey/session').send({ code: b }).expect(200)).body.answer).toBeNull();

    await http.post(`/api/v1/zones/${zone}/surveys/${campaign.id}/close`).set(auth(hr)).expect(200);
    // One answer, counted once under "several groups" (the stored counts; nobody is shown them: fewer than k).
    expect(await db.query('SELECT category, classes, count FROM survey_result_cell WHERE campaign_id = $1', [campaign.id])).toEqual([
      { category: 'middle', classes: { gender: 'female', origin: 'multiple' }, count: 1 },
    ]);
    const results = (await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}/results`).set(auth(hr)).expect(200)).body as SurveyResultsDto;
    expect(results).toMatchObject({ threshold: 10, responses: { suppressed: true }, responseRate: null, tables: [] });
  });

  it('checks answers: one value where only one is allowed, "prefer not to say" alone, known codes only', async () => {
    const { codes } = await open(1);
    const res = await answer(codes[0]!, { category: 'general', classes: { gender: ['female', 'male'], origin: ['be_be', 'not_declared'], religion: 'x' } }).expect(422);
    expect(res.body.errors.map((e: { column: string; code: string }) => `${e.column}:${e.code}`).sort()).toEqual(
      ['answer.category:unknown_category', 'answer.classes.gender:single_value_only', 'answer.classes.origin:not_declared_with_others', 'answer.classes.religion:unknown_question'].sort(),
    );
    expect((await http.post('/api/v1/survey/session').send({ code: codes[0] }).expect(200)).body.answer).toBeNull();
  });

  it('an unknown code gets a clear message; a closed or not yet open campaign says so', async () => {
    const unknown = await http.post('/api/v1/survey/session').send({ code: 'AAAA-BBBB-CCCC' }).expect(422);
    expect(unknown.body.errors[0]).toMatchObject({ column: 'code', code: 'survey_code_unknown' });
    expect(unknown.body.message).toMatch(/not known/);
    await http.post('/api/v1/survey/session').send({ code: 'hello' }).expect(422);
    await answer('AAAA-BBBB-CCCC', { category: 'basic', classes: {} }).expect(422);

    const { campaign, codes } = await open(2);
    await db.query('UPDATE survey_campaign SET opens_on = $2, closes_on = $3 WHERE id = $1', [campaign.id, addDays(today, -10), addDays(today, -1)]);
    const closed = await http.post('/api/v1/survey/session').send({ code: codes[0] }).expect(422);
    expect(closed.body.errors[0]).toMatchObject({ code: 'survey_closed', value: addDays(today, -1) });
    expect(closed.body.message).toContain(`closed on ${addDays(today, -1)}`);
    await answer(codes[1]!, { category: 'basic', classes: {} }).expect(422);

    const later = await open(1);
    await db.query('UPDATE survey_campaign SET opens_on = $2, closes_on = $3 WHERE id = $1', [later.campaign.id, addDays(today, 3), addDays(today, 9)]);
    const scheduled = await http.post('/api/v1/survey/session').send({ code: later.codes[0] }).expect(422);
    expect(scheduled.body.errors[0]).toMatchObject({ code: 'survey_not_open', value: addDays(today, 3) });
  });

  it('throttles repeated guessing per address; while blocked even a right code gets 429', async () => {
    const limited = await createTestApp({ surveyCodeRateLimit: 3 });
    try {
      const hrToken = (await login(limited.http, limited.db, 'hr', [zone])).token;
      const made = await limited.http.post(`/api/v1/zones/${zone}/surveys`).set(auth(hrToken)).send({ period, opensOn: today, closesOn: today, invitations: 1 }).expect(201);
      const good = (made.body as SurveyCodesDto).codes[0]!;
      // Right codes do not count.
      for (let i = 0; i < 5; i++) await limited.http.post('/api/v1/survey/session').send({ code: good }).expect(200);
      for (let i = 0; i < 3; i++) await limited.http.post('/api/v1/survey/session').send({ code: `WRNG-CODE-${'23456789ABCD'.slice(i, i + 4)}` }).expect(422);
      const blocked = await limited.http.post('/api/v1/survey/session').send({ code: 'WRNG-CODE-XXXX' }).expect(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.body.message).toMatch(/Too many wrong codes/);
      await limited.http.post('/api/v1/survey/session').send({ code: good }).expect(429);
      await limited.http.put('/api/v1/survey/answer').send({ code: good, answer: { category: 'basic', classes: {} } }).expect(429);
    } finally {
      await limited.app.close();
    }
  });
});

describe('results', () => {
  it('stay hidden while the campaign runs — not even a response count — and appear after close, below k suppressed for everyone, HR included', async () => {
    const { campaign, codes } = await open(20);
    const answers = [
      ...Array.from({ length: 9 }, () => ({ category: 'basic', classes: { gender: 'male', origin: 'be_be' } })),
      ...Array.from({ length: 3 }, () => ({ category: 'basic', classes: { gender: 'female', origin: 'be_non_eu' } })),
      { category: 'middle', classes: { gender: 'female', origin: 'be_be' } },
    ];
    for (const [i, a] of answers.entries()) await answer(codes[i]!, a).expect(200);

    for (const token of [hr, admin, researcher, management]) {
      const res = await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}/results`).set(auth(token)).expect(409);
      expect(res.body.message).toMatch(/once it has closed/);
      const one = (await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}`).set(auth(token)).expect(200)).body as SurveyCampaignDto;
      expect(one).toMatchObject({ status: 'open', responses: null, responseRate: null });
    }
    await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}/results`).expect(409);
    const list = (await http.get(`/api/v1/zones/${zone}/surveys`).expect(200)).body as SurveyCampaignDto[];
    expect(list.find((c) => c.id === campaign.id)).toMatchObject({ responses: null });

    await http.post(`/api/v1/zones/${zone}/surveys/${campaign.id}/close`).set(auth(hr)).expect(200);
    await http.post(`/api/v1/zones/${zone}/surveys/${campaign.id}/close`).set(auth(hr)).expect(409);
    // Answers are counted and deleted at close; the codes no longer work.
    expect(await db.query('SELECT 1 FROM survey_answer_set WHERE campaign_id = $1', [campaign.id])).toEqual([]);
    expect((await http.post('/api/v1/survey/session').send({ code: codes[0] }).expect(422)).body.errors[0].code).toBe('survey_closed');
    await http.post(`/api/v1/zones/${zone}/surveys/${campaign.id}/codes`).set(auth(hr)).send({ count: 2 }).expect(409);

    // HR of the zone reads the survey through disclosure control too (k = 10): no 3 of basic × be_non_eu, no 1 of middle.
    const forHr = (await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}/results`).set(auth(hr)).expect(200)).body as SurveyResultsDto;
    expect(forHr).toMatchObject({ threshold: 10, invitations: 20, withheld: [] });
    expect(forHr.campaign.belowThreshold).toBe(false); // 13 answers: tables are shown, protected
    expect(forHr.tables.map((t) => t.dimension)).toEqual(['gender', 'origin']);
    // So few answers that the protection may withhold the total too; if shown, it is the true one.
    if (typeof forHr.responses === 'number') expect([forHr.responses, forHr.responseRate]).toEqual([13, 13 / 20]);
    else expect([forHr.responses, forHr.responseRate]).toEqual([{ suppressed: true }, null]);
    const hrOrigin = forHr.tables.find((t) => t.dimension === 'origin')!;
    expect(hrOrigin.cells.find((c) => c.category === 'basic' && c.value === 'be_non_eu')!.count).toEqual({ suppressed: true });
    expect(hrOrigin.categoryTotals.find((c) => c.category === 'middle')!.count).toEqual({ suppressed: true });

    const protectedRes = (await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}/results`).set(auth(researcher)).expect(200)).body as SurveyResultsDto;
    expect(protectedRes.threshold).toBe(10);
    const published = protectedRes.tables.flatMap((t) => [...t.cells.map((c) => c.count), ...t.categoryTotals.map((c) => c.count), ...t.valueTotals.map((c) => c.count), t.total]);
    for (const v of published) if (typeof v === 'number') expect(v === 0 || v >= 10).toBe(true);
    expect(published.some((v) => typeof v === 'object')).toBe(true);
    // Everybody gets the same protected tables: HR, administrators, management, researchers, the public.
    for (const token of [admin, management, null]) {
      const req = http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}/results`);
      const r = (await (token ? req.set(auth(token)) : req).expect(200)).body as SurveyResultsDto;
      expect({ threshold: r.threshold, responses: r.responses, tables: r.tables }).toEqual({ threshold: 10, responses: forHr.responses, tables: forHr.tables });
    }
    expect(protectedRes.tables).toEqual(forHr.tables);

    const events = (await db.query("SELECT action FROM audit_event WHERE zone_code = $1 AND details->>'campaign' = $2 ORDER BY id", [zone, String(campaign.id)])) as { action: string }[];
    expect(events.map((e) => e.action)).toEqual(['survey.campaign_opened', 'survey.codes_generated', 'survey.campaign_closed']);
  });

  it('a small campaign’s response count is withheld below k for every reader, HR and administrators included', async () => {
    const { campaign, codes } = await open(4);
    for (const c of codes.slice(0, 3)) await answer(c, { category: 'basic', classes: { gender: 'male', origin: 'be_be' } }).expect(200);
    await http.post(`/api/v1/zones/${zone}/surveys/${campaign.id}/close`).set(auth(admin)).expect(200);
    const forHr = (await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}`).set(auth(hr)).expect(200)).body as SurveyCampaignDto;
    expect(forHr).toMatchObject({ status: 'closed', responses: { suppressed: true }, responseRate: null, closedEarlyOn: today, threshold: 10, belowThreshold: true });
    for (const token of [hr, admin, management, researcher]) {
      const c = (await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}`).set(auth(token)).expect(200)).body as SurveyCampaignDto;
      expect(c).toMatchObject({ responses: { suppressed: true }, responseRate: null });
      const r = (await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}/results`).set(auth(token)).expect(200)).body as SurveyResultsDto;
      expect(r.responses).toEqual({ suppressed: true });
      expect(r.responseRate).toBeNull();
    }
  });

  it('campaigns whose closing day has passed are counted without anyone closing them', async () => {
    const { campaign, codes } = await open(2);
    await answer(codes[0]!, { category: 'agent', classes: { gender: 'x', origin: 'non_be_eu' } }).expect(200);
    await db.query('UPDATE survey_campaign SET opens_on = $2, closes_on = $3 WHERE id = $1', [campaign.id, addDays(today, -5), addDays(today, -1)]);
    const r = (await http.get(`/api/v1/zones/${zone}/surveys/${campaign.id}/results`).set(auth(admin)).expect(200)).body as SurveyResultsDto;
    expect(r.responses).toEqual({ suppressed: true }); // one answer: fewer than k, for administrators too
    expect(await db.query('SELECT responses FROM survey_campaign WHERE id = $1', [campaign.id])).toEqual([{ responses: 1 }]);
    expect(r.campaign.closedEarlyOn).toBeNull();
    expect(await db.query('SELECT 1 FROM survey_answer_set WHERE campaign_id = $1', [campaign.id])).toEqual([]);
  });

  it('become representation data of the quarter beside the HR return’s, each marked with its source, the survey protected for HR too', async () => {
    const z = await createZone(db, 'Comparison zone');
    const hrZ = (await login(http, db, 'hr', [z])).token;
    const q = pastPeriod(41);
    await http.put(`/api/v1/zones/${z}/returns/${q}`).set(auth(hrZ)).send({ reason: 'for comparison', cells: sampleCells(20) }).expect(201);
    const made = (await http.post(`/api/v1/zones/${z}/surveys`).set(auth(hrZ)).send({ period: q, opensOn: today, closesOn: today, invitations: 50 }).expect(201)).body as SurveyCodesDto;
    // Every count at least k (or 0), so the protection withholds nothing and the shares can be checked.
    const origins = [
      ...Array.from({ length: 14 }, () => 'be_be'),
      ...Array.from({ length: 11 }, () => 'be_non_eu'),
      ...Array.from({ length: 10 }, () => ['be_eu', 'be_non_eu']),
      ...Array.from({ length: 10 }, () => 'not_declared'),
    ];
    for (const [i, o] of origins.entries()) await answer(made.codes[i]!, { category: 'basic', classes: { gender: 'female', origin: o } }).expect(200);

    const before = (await http.get(`/api/v1/zones/${z}/representation/${q}`).set(auth(hrZ)).expect(200)).body;
    expect(before.survey).toBeNull(); // not while the campaign runs
    expect(before.hr.source).toBe('hr_return');

    await http.post(`/api/v1/zones/${z}/surveys/${made.campaign.id}/close`).set(auth(hrZ)).expect(200);
    const cmp = (await http.get(`/api/v1/zones/${z}/representation/${q}?dimension=origin`).set(auth(hrZ)).expect(200)).body;
    // threshold: the HR return side's (HR sees its own return in full); the survey side has its own k.
    expect(cmp).toMatchObject({ zone: z, period: q, dimension: 'origin', threshold: 1 });
    expect(cmp.survey).toMatchObject({ source: 'survey', campaign: made.campaign.id, total: 45, declared: 35, invitations: 50, responseRate: 0.9, threshold: 10, belowThreshold: false });
    expect(cmp.survey.shares.find((s: { value: string }) => s.value === 'be_be')).toEqual({ value: 'be_be', count: 14, share: 0.4 });
    expect(cmp.survey.shares.find((s: { value: string }) => s.value === 'multiple')).toMatchObject({ count: 10 });
    // HR return: sampleCells(20): headcount basic+middle × female/male × be_be/be_non_eu/not_declared.
    const hrTotal = sampleCells(20).filter((c) => c.measure === 'headcount').reduce((s, c) => s + c.count, 0);
    const hrBeBe = sampleCells(20).filter((c) => c.measure === 'headcount' && c.classes['origin'] === 'be_be').reduce((s, c) => s + c.count, 0);
    const hrNd = sampleCells(20).filter((c) => c.measure === 'headcount' && c.classes['origin'] === 'not_declared').reduce((s, c) => s + c.count, 0);
    expect(cmp.hr).toMatchObject({ source: 'hr_return', revision: 1, total: hrTotal, declared: hrTotal - hrNd });
    const diff = cmp.differences.find((d: { value: string }) => d.value === 'be_be').difference;
    expect(diff).toBeCloseTo(0.4 - hrBeBe / (hrTotal - hrNd));

    // The survey side is the same protected one for every reader.
    const forResearcher = (await http.get(`/api/v1/zones/${z}/representation/${q}`).set(auth(researcher)).expect(200)).body;
    expect(forResearcher.threshold).toBe(10);
    expect(forResearcher.survey).toEqual(cmp.survey);
    await http.get(`/api/v1/zones/${z}/representation/${q}?dimension=age_band`).set(auth(researcher)).expect(422);
  });
});

// ---- The attacker against the survey's results ------------------------------------------------------
// Unknowns: one per staff category × value of every question asked (from the published categories
// and value lists), ≥ 0; every published number is an equation on them (attacker.ts solves).

interface SurveyLeaf {
  category: string;
  classes: Record<string, string>;
  count: number;
}
interface Published {
  categories: string[];
  tables: SurveyTableDto[];
  /** Further published counts (e.g. the comparison's declared base): some categories (null: all) and values of one question. */
  extra?: { dimension: string; values: string[]; count: Count }[];
}
interface Item {
  what: string;
  /** Leaf indexes summed. */
  leaves: number[];
  count: Count;
}

/** The leaf space of published tables and every published or withheld item in it. */
function surveyModel(p: Published) {
  const dims = p.tables.map((t) => ({ code: t.dimension, values: t.valueTotals.map((v) => v.value) }));
  const combos = dims.reduce<Record<string, string>[]>((acc, d) => acc.flatMap((c) => d.values.map((v) => ({ ...c, [d.code]: v }))), [{}]);
  const leaves = p.categories.flatMap((category) => combos.map((classes) => ({ category, classes })));
  const where = (cats: string[] | null, dim: string | null, values: string[] | null) =>
    leaves.map((l, i) => ((cats === null || cats.includes(l.category)) && (dim === null || values!.includes(l.classes[dim]!)) ? i : -1)).filter((i) => i >= 0);
  const items: Item[] = [];
  for (const t of p.tables) {
    for (const c of t.cells) items.push({ what: `${c.category} × ${t.dimension}=${c.value}`, leaves: where([c.category], t.dimension, [c.value]), count: c.count });
    for (const c of t.categoryTotals) items.push({ what: c.category, leaves: where([c.category], null, null), count: c.count });
    for (const v of t.valueTotals) items.push({ what: `${t.dimension}=${v.value}`, leaves: where(null, t.dimension, [v.value]), count: v.count });
    items.push({ what: 'total', leaves: where(null, null, null), count: t.total });
  }
  for (const e of p.extra ?? []) items.push({ what: `${e.dimension} ∈ {${e.values.join(',')}}`, leaves: where(null, e.dimension, e.values), count: e.count });
  const truthOf = (truth: SurveyLeaf[], ls: number[]) =>
    truth.filter((t) => ls.some((i) => leaves[i]!.category === t.category && dims.every((d) => leaves[i]!.classes[d.code] === t.classes[d.code]))).reduce((s, t) => s + t.count, 0);
  const leafOf = (category: string, classes: Record<string, string>) => leaves.findIndex((l) => l.category === category && dims.every((d) => l.classes[d.code] === classes[d.code]));
  return { items, truthOf, leafOf };
}

const name = (i: number) => `x${i}`;
const equationsOf = (items: Item[]): Equation[] => items.filter((it) => typeof it.count === 'number').map((it) => ({ lhs: it.leaves.map(name), rhs: it.count as number }));

/** Withheld counts from 1 to k − 1 whose feasible interval the attacker narrows below ±⌈k/2⌉ (attacker.ts' criterion). */
function surveyBreaches(p: Published, truth: SurveyLeaf[], k: number): { targets: number; breaches: { what: string; value: number; low: number; high: number }[] } {
  const level = Math.ceil(k / 2);
  const { items, truthOf } = surveyModel(p);
  const eqs = equationsOf(items);
  const seen = new Set<string>();
  const targets = items
    .filter((it) => isSuppressed(it.count))
    .filter((it) => !seen.has(it.leaves.join(',')) && !!seen.add(it.leaves.join(',')))
    .map((it) => ({ what: it.what, value: truthOf(truth, it.leaves), target: it.leaves.map(name) }))
    .filter((t) => t.value > 0 && t.value < k);
  const breaches = targets
    .map((t) => ({ what: t.what, value: t.value, ...attack(eqs, t.target) }))
    .filter((r) => r.low > Math.max(0, r.value - level) + 1e-6 || r.high < r.value + level - 1e-6);
  return { targets: targets.length, breaches };
}

/** What full access used to get (the removed `fullTable`): every count of every table, unprotected. */
function oldFullTables(truth: SurveyLeaf[], like: Published): Published {
  const sum = (pred: (l: SurveyLeaf) => boolean) => truth.filter(pred).reduce((s, l) => s + l.count, 0);
  return {
    categories: like.categories,
    tables: like.tables.map((t) => {
      const values = t.valueTotals.map((v) => v.value);
      return {
        dimension: t.dimension,
        cells: like.categories.flatMap((category) => values.map((value) => ({ category, value, count: sum((l) => l.category === category && l.classes[t.dimension] === value) }))),
        categoryTotals: like.categories.map((category) => ({ category, count: sum((l) => l.category === category) })),
        valueTotals: values.map((value) => ({ value, count: sum((l) => l.classes[t.dimension] === value) })),
        total: sum(() => true),
      };
    }),
  };
}

/** Primary suppression alone (counts 1 to k − 1 blanked, nothing else): the weaker protection the LP audit exists for. */
function primaryOnly(p: Published, k: number): Published {
  const blank = (c: Count): Count => (typeof c === 'number' && c > 0 && c < k ? { suppressed: true } : c);
  return {
    categories: p.categories,
    tables: p.tables.map((t) => ({
      dimension: t.dimension,
      cells: t.cells.map((c) => ({ ...c, count: blank(c.count) })),
      categoryTotals: t.categoryTotals.map((c) => ({ ...c, count: blank(c.count) })),
      valueTotals: t.valueTotals.map((v) => ({ ...v, count: blank(v.count) })),
      total: blank(t.total),
    })),
  };
}

/** Every count-like number in a response body (responses, totals, counts, declared bases, rates). */
function countsIn(body: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown, key: string | null) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (key !== null && ['responses', 'total', 'count', 'declared', 'responseRate', 'share'].includes(key)) out.push(v);
  };
  walk(body, null);
  return out;
}

describe('survey results are protected for every role, HR and administrators included', () => {
  const readers = () => [
    ['HR of the zone', hr],
    ['administrator', admin],
    ['management', management],
    ['researcher', researcher],
    ['public', null],
  ] as const;
  const get = async <T>(token: string | null, url: string): Promise<T> => {
    const req = http.get(url);
    return (await (token ? req.set(auth(token)) : req).expect(200)).body as T;
  };

  it.each([1, 9])('a campaign closed with %i answer(s) (k = 10) shows nobody a table value or the exact response count', async (n) => {
    const q = pastPeriod(60 + n);
    const made = (await http
      .post(`/api/v1/zones/${zone}/surveys`)
      .set(auth(hr))
      .send({ period: q, opensOn: today, closesOn: addDays(today, 7), invitations: 20, optionalQuestions: ['age_band'] })
      .expect(201)).body as SurveyCodesDto;
    const people = [
      { category: 'officer', classes: { gender: 'x', origin: ['be_eu', 'be_non_eu'], age_band: '50_plus' } },
      ...Array.from({ length: 8 }, (_, i) => ({ category: i % 2 ? 'basic' : 'calog_c', classes: { gender: i % 3 ? 'female' : 'male', origin: 'be_be', age_band: '30_39' } })),
    ].slice(0, n);
    for (const [i, a] of people.entries()) await answer(made.codes[i]!, a).expect(200);
    await http.post(`/api/v1/zones/${zone}/surveys/${made.campaign.id}/close`).set(auth(hr)).expect(200);
    expect(await db.query('SELECT responses FROM survey_campaign WHERE id = $1', [made.campaign.id])).toEqual([{ responses: n }]);

    for (const [who, token] of readers()) {
      const r = await get<SurveyResultsDto>(token, `/api/v1/zones/${zone}/surveys/${made.campaign.id}/results`);
      expect({ who, ...r }).toMatchObject({ who, threshold: 10, invitations: 20, responses: { suppressed: true }, responseRate: null, tables: [] });
      expect({ who, belowThreshold: r.campaign.belowThreshold }).toEqual({ who, belowThreshold: true });
      const one = await get<SurveyCampaignDto>(token, `/api/v1/zones/${zone}/surveys/${made.campaign.id}`);
      const inList = (await get<SurveyCampaignDto[]>(token, `/api/v1/zones/${zone}/surveys`)).find((c) => c.id === made.campaign.id)!;
      for (const c of [one, inList]) expect({ who, ...c }).toMatchObject({ who, status: 'closed', responses: { suppressed: true }, responseRate: null, threshold: 10, belowThreshold: true });
      const cmp = await get<RepresentationComparisonDto>(token, `/api/v1/zones/${zone}/representation/${q}?dimension=origin`);
      expect({ who, campaign: cmp.survey!.campaign, threshold: cmp.survey!.threshold, belowThreshold: cmp.survey!.belowThreshold }).toEqual({ who, campaign: made.campaign.id, threshold: 10, belowThreshold: true });
      // Not one number of the survey: every count, total, base, share and rate withheld.
      for (const body of [r, one, inList, cmp.survey]) expect({ who, numbers: countsIn(body).filter((v) => typeof v === 'number') }).toEqual({ who, numbers: [] });
    }
  });

  it('a campaign with enough answers shows HR (and everyone) the protected tables: every question asked, values from k up visible, none from 1 to k − 1; the attacker narrows none', async () => {
    const q = pastPeriod(70);
    const made = (await http
      .post(`/api/v1/zones/${zone}/surveys`)
      .set(auth(hr))
      .send({ period: q, opensOn: today, closesOn: addDays(today, 7), invitations: 60, optionalQuestions: ['age_band'] })
      .expect(201)).body as SurveyCodesDto;
    const group = (n: number, category: string, gender: string, origin: string | string[], age_band: string) => Array.from({ length: n }, () => ({ category, classes: { gender, origin, age_band } }));
    const people = [
      ...group(14, 'basic', 'male', 'be_be', '30_39'),
      ...group(10, 'agent', 'male', 'be_be', 'under_30'),
      ...group(6, 'basic', 'female', 'be_be', '30_39'),
      ...group(3, 'basic', 'female', 'be_non_eu', '40_49'),
      ...group(2, 'middle', 'male', 'be_eu', '50_plus'),
      ...group(2, 'calog_c', 'female', 'non_be_non_eu', '40_49'),
      ...group(1, 'officer', 'x', ['be_eu', 'be_non_eu'], '50_plus'),
      ...group(1, 'middle', 'female', 'be_be', '40_49'),
      { category: 'not_declared', classes: {} },
    ];
    expect(people).toHaveLength(40);
    for (const [i, a] of people.entries()) await answer(made.codes[i]!, a).expect(200);
    await http.post(`/api/v1/zones/${zone}/surveys/${made.campaign.id}/close`).set(auth(hr)).expect(200);
    const truth = (await db.query('SELECT category, classes, count FROM survey_result_cell WHERE campaign_id = $1', [made.campaign.id])) as SurveyLeaf[];

    const forHr = await get<SurveyResultsDto>(hr, `/api/v1/zones/${zone}/surveys/${made.campaign.id}/results`);
    expect(forHr).toMatchObject({ threshold: 10, responses: 40, responseRate: 40 / 60, withheld: [] });
    expect(forHr.campaign.belowThreshold).toBe(false);
    // Every question asked has a table, the optional age band included, in the same protection.
    expect(forHr.tables.map((t) => t.dimension)).toEqual(['gender', 'origin', 'age_band']);
    const numbers = forHr.tables.flatMap((t) => [...t.cells.map((c) => c.count), ...t.categoryTotals.map((c) => c.count), ...t.valueTotals.map((v) => v.count), t.total]);
    expect(numbers.filter((v) => typeof v === 'number' && v > 0 && v < 10)).toEqual([]);
    expect(numbers.filter((v) => typeof v === 'number' && v >= 10).length).toBeGreaterThan(5);
    expect(numbers.some((v) => isSuppressed(v))).toBe(true);
    const cell = (t: string, category: string, value: string) => forHr.tables.find((x) => x.dimension === t)!.cells.find((c) => c.category === category && c.value === value)!.count;
    // The response count stays published in every table (protectTables keepTotal). The roll-up
    // "migration background" (7 people) is a cell of the protected tables: with 40 answers, 31 of
    // Belgian origin published would leave it at most 40 − 31 = 9 (< 7 + 5), so the Belgian-origin
    // total is withheld — detail parts could not protect it, and the response count is kept.
    for (const t of forHr.tables) expect(t.total).toBe(40);
    expect(forHr.tables.find((t) => t.dimension === 'origin')!.valueTotals.find((v) => v.value === 'be_be')!.count).toEqual({ suppressed: true });
    expect(cell('origin', 'officer', 'multiple')).toEqual({ suppressed: true });
    expect(cell('age_band', 'officer', '50_plus')).toEqual({ suppressed: true });

    // Everyone reads the same tables; the comparison's survey side comes from the same protection.
    for (const [who, token] of readers()) {
      const r = await get<SurveyResultsDto>(token, `/api/v1/zones/${zone}/surveys/${made.campaign.id}/results`);
      expect({ who, responses: r.responses, tables: r.tables }).toEqual({ who, responses: 40, tables: forHr.tables });
    }
    const cmp = await get<RepresentationComparisonDto>(hr, `/api/v1/zones/${zone}/representation/${q}?dimension=origin`);
    expect(cmp.survey).toMatchObject({ campaign: made.campaign.id, total: 40, threshold: 10 });
    const origin = forHr.tables.find((t) => t.dimension === 'origin')!;
    for (const s of cmp.survey!.shares) expect(s.count).toEqual(origin.valueTotals.find((v) => v.value === s.value)!.count);

    // The attacker: every number of every table, and what the comparison adds (its declared base).
    const published: Published = {
      categories: forHr.categories,
      tables: forHr.tables,
      extra: [{ dimension: 'origin', values: origin.valueTotals.map((v) => v.value).filter((v) => v !== 'not_declared'), count: cmp.survey!.declared }],
    };
    const { targets, breaches } = surveyBreaches(published, truth, 10);
    expect(targets).toBeGreaterThan(5);
    expect(breaches).toEqual([]);

    // Control: the same attacker on what HR and administrators used to get. From the old full
    // tables it puts the one officer exactly: gender X, several origins, 50 and over.
    const old = oldFullTables(truth, published);
    const { items, leafOf } = surveyModel(old);
    const officer = leafOf('officer', { gender: 'x', origin: 'multiple', age_band: '50_plus' });
    expect(attack(equationsOf(items), [name(officer)])).toEqual({ low: 1, high: 1 });
    // The protected tables do not even tell that such a person answered.
    const protectedModel = surveyModel(published);
    expect(attack(equationsOf(protectedModel.items), [name(protectedModel.leafOf('officer', { gender: 'x', origin: 'multiple', age_band: '50_plus' }))]).low).toBe(0);
    // And with primary suppression alone (no complementary suppression, no audit), small counts are recovered.
    const weak = surveyBreaches(primaryOnly(old, 10), truth, 10);
    expect(weak.breaches.length).toBeGreaterThan(0);
    expect(weak.breaches.some((b) => b.low === b.high)).toBe(true);
  }, 120000);
});

describe('nothing links an answer to a person or a moment finer than a day', () => {
  it('the survey tables hold no time, address, user agent, account, serial number or per-answer row', async () => {
    const columns = (await db.query(
      `SELECT c.table_name, c.column_name, c.data_type, c.column_default, c.is_identity
         FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name LIKE 'survey_%' ORDER BY 1, c.ordinal_position`,
    )) as { table_name: string; column_name: string; data_type: string; column_default: string | null; is_identity: string }[];
    const byTable = (t: string) => columns.filter((c) => c.table_name === t).map((c) => `${c.column_name}:${c.data_type}`);
    // What a respondent's request writes: the answers row of the campaign (and nothing else).
    expect(byTable('survey_answer_set')).toEqual(['campaign_id:integer', 'answers:jsonb']);
    expect(byTable('survey_code')).toEqual(['code_hash:bytea', 'campaign_id:integer']);
    expect(byTable('survey_result_cell')).toEqual(['campaign_id:integer', 'category:text', 'classes_key:text', 'classes:jsonb', 'count:integer']);
    const answerSide = columns.filter((c) => c.table_name !== 'survey_campaign');
    for (const c of answerSide) {
      expect(`${c.table_name}.${c.column_name}`).not.toMatch(/ip|addr|agent|user|session|created|updated|_at$|time|date|_on$/);
      expect(c.data_type).not.toMatch(/timestamp|time|date|inet/);
      expect(c.column_default ?? '').not.toMatch(/nextval|now\(\)|current_/);
      expect(c.is_identity).toBe('NO');
    }
    // The campaign row holds HR's dates (days) and when HR opened it; nothing of any respondent.
    expect(byTable('survey_campaign').filter((c) => /timestamp/.test(c))).toEqual(['created_at:timestamp with time zone']);

    // Three answers: still one row, so there is no row order, ctid or xmin per answer.
    const { campaign, codes } = await open(3);
    for (const c of codes) await answer(c, { category: 'basic', classes: { gender: 'male', origin: 'be_be' } }).expect(200);
    const rows = (await db.query('SELECT ctid::text, xmin::text, jsonb_object_keys(answers) AS k FROM survey_answer_set WHERE campaign_id = $1', [campaign.id])) as {
      ctid: string;
      xmin: string;
      k: string;
    }[];
    expect(new Set(rows.map((r) => r.ctid)).size).toBe(1);
    expect(new Set(rows.map((r) => r.xmin)).size).toBe(1);
    // JSONB orders keys by length then bytes, not by when they were added: here, by hash.
    expect(rows.map((r) => r.k)).toEqual(codes.map(sha).sort());
  });

  it('the log output of a whole survey holds no code, hash, answer, address or user agent, and the audit log no answer', async () => {
    const out: string[] = [];
    // Captured (and kept out of the test output): everything the application writes.
    const spy = (stream: NodeJS.WriteStream) => {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array) => {
        out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      }) as typeof stream.write;
      return () => (stream.write = original as typeof stream.write);
    };
    const restoreOut = spy(process.stdout);
    const restoreErr = spy(process.stderr);
    const original = console.error;
    console.error = (...args: unknown[]) => out.push(args.map(String).join(' '));
    const ua = 'Mozilla/5.0 (SurveyProbe; UA-7f3a9c)';
    const ip = '203.0.113.77';
    let codes: string[] = [];
    let chatty: Awaited<ReturnType<typeof createTestApp>> | undefined;
    try {
      chatty = await createTestApp({ logLevel: 'debug', surveyCodeRateLimit: 10_000 });
      const hrToken = (await login(chatty.http, chatty.db, 'hr', [zone])).token;
      const made = (await chatty.http.post(`/api/v1/zones/${zone}/surveys`).set(auth(hrToken)).send({ period, opensOn: today, closesOn: today, invitations: 2 }).expect(201))
        .body as SurveyCodesDto;
      codes = made.codes;
      const headers = { 'User-Agent': ua, 'X-Forwarded-For': ip };
      await chatty.http.post('/api/v1/survey/session').set(headers).send({ code: codes[0] }).expect(200);
      await chatty.http.put('/api/v1/survey/answer').set(headers).send({ code: codes[0], answer: { category: 'calog_b', classes: { gender: 'x', origin: 'non_be_non_eu' } } }).expect(200);
      await chatty.http.put('/api/v1/survey/answer').set(headers).send({ code: codes[1], answer: { category: 'calog_b', classes: { gender: 'nope' } } }).expect(422);
      await chatty.http.post('/api/v1/survey/withdraw').set(headers).send({ code: codes[0] }).expect(200);
      await chatty.http.post('/api/v1/survey/session').set(headers).send({ code: 'ZZZZ-ZZZZ-ZZZZ' }).expect(422);
      await chatty.http.put('/api/v1/survey/answer').set(headers).send({ code: codes[1], answer: { category: 'calog_b', classes: { gender: 'x', origin: 'non_be_non_eu' } } }).expect(200);
      await chatty.http.post(`/api/v1/zones/${zone}/surveys/${made.campaign.id}/close`).set(auth(hrToken)).expect(200);
    } finally {
      restoreOut();
      restoreErr();
      console.error = original;
      await chatty?.app.close();
    }
    const log = out.join('');
    expect(log).toContain('SurveyAnswerController'); // the capture works: Nest's start-up lines are in it
    for (const c of codes) {
      expect(log).not.toContain(c);
      expect(log).not.toContain(c.replace(/-/g, ''));
      expect(log).not.toContain(sha(c));
    }
    for (const secret of [ua, 'UA-7f3a9c', ip, 'non_be_non_eu', 'calog_b', 'ZZZZ']) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/127\.0\.0\.1|::ffff:/);

    const audit = JSON.stringify(await db.query("SELECT action, details FROM audit_event WHERE action LIKE 'survey.%'"));
    expect(audit).not.toMatch(/answer|non_be_non_eu|calog_b/);
    for (const c of codes) expect(audit).not.toContain(c);
  });
});
