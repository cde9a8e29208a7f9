// The classification profiles through the HTTP API: the list (what each holds, how many zones use
// it) and one profile in full.
import { BUILT_IN_PROFILES, type ClassificationProfile, type ProfileSummaryDto } from '@equity/shared';
import { appForFile, auth, login, uniqueCode } from './utils.js';

const ctx = appForFile({ loginRateLimit: 100_000 });
let admin: { token: string; username: string };

beforeAll(async () => {
  admin = await login(ctx.http, ctx.db, 'admin');
});

const list = async (token = admin.token) => (await ctx.http.get('/api/v1/profiles').set(auth(token)).expect(200)).body as ProfileSummaryDto[];

describe('GET /api/v1/profiles', () => {
  it('lists every built-in profile by code with its name, its sizes and the zones using it', async () => {
    const profiles = await list();
    expect(profiles.map((p) => p.code)).toEqual(BUILT_IN_PROFILES.map((p) => p.code).sort());
    for (const built of BUILT_IN_PROFILES) {
      const listed = profiles.find((p) => p.code === built.code)!;
      expect(listed).toEqual({ code: built.code, name: built.name, categories: built.categories.length, dimensions: built.dimensions.length, zones: expect.any(Number), version: 1, origin: 'built-in' });
    }
    const [{ n }] = (await ctx.db.query("SELECT count(*)::int AS n FROM zone WHERE profile_code = 'rcmp'")) as [{ n: number }];
    expect(profiles.find((p) => p.code === 'rcmp')!.zones).toBe(n);
  });

  it('counts a zone registered with a profile, and no other profile changes', async () => {
    const before = await list();
    await ctx.http.post('/api/v1/zones').set(auth(admin.token)).send({ code: uniqueCode('6'), nameNl: 'Profielzone', nameFr: 'Zone profil', profile: 'rcmp' }).expect(201);
    const after = await list();
    expect(after.map((p) => [p.code, p.zones - before.find((b) => b.code === p.code)!.zones])).toEqual(before.map((p) => [p.code, p.code === 'rcmp' ? 1 : 0]));
  });

  it('answers every signed-in role, and the public when public access is on', async () => {
    const researcher = await login(ctx.http, ctx.db, 'researcher');
    expect((await list(researcher.token)).length).toBe(BUILT_IN_PROFILES.length);
    expect(((await ctx.http.get('/api/v1/profiles').expect(200)).body as ProfileSummaryDto[]).length).toBe(BUILT_IN_PROFILES.length);
  });
});

describe('GET /api/v1/profiles/{code}', () => {
  it('gives the whole profile as shipped, and 404 for a code that is none', async () => {
    const profile = (await ctx.http.get('/api/v1/profiles/belgium-police').set(auth(admin.token)).expect(200)).body as ClassificationProfile;
    expect(profile).toEqual(BUILT_IN_PROFILES.find((p) => p.code === 'belgium-police'));
    await ctx.http.get('/api/v1/profiles/no-such-profile').set(auth(admin.token)).expect(404);
  });
});
