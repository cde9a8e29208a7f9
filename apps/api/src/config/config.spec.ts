import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, demoData: true, kManage: 5, kResearch: 10, tokenTtlHours: 12, corsOrigins: [], loginRateLimit: 20, trustProxy: 0 });
  });

  it('reads the environment', () => {
    const c = loadConfig({ PORT: '8080', DEMO_DATA: 'false', DATABASE_URL: 'postgres://u:p@db/equity', K_MANAGE: '6' });
    expect(c).toMatchObject({ port: 8080, demoData: false, databaseUrl: 'postgres://u:p@db/equity', kManage: 6 });
  });

  it('names every bad setting at once, and never allows a threshold below 3', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', DEMO_DATA: 'perhaps', K_RESEARCH: '2', DATABASE_URL: 'mysql://x', ADMIN_PASSWORD: 'short' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/PORT must be a whole number/);
    expect(message).toMatch(/DEMO_DATA must be true or false/);
    expect(message).toMatch(/K_RESEARCH must be a whole number from 3/);
    expect(message).toMatch(/DATABASE_URL must start with postgres/);
    expect(message).toMatch(/ADMIN_PASSWORD must be at least 12/);
  });

  it('HOST and FIGURES_CACHE_ENTRIES are checked at start-up like every other setting', () => {
    expect(loadConfig({})).toMatchObject({ host: '0.0.0.0', figuresCacheEntries: 2000 });
    expect(loadConfig({ HOST: '127.0.0.1', FIGURES_CACHE_ENTRIES: '500' })).toMatchObject({ host: '127.0.0.1', figuresCacheEntries: 500 });
    expect(loadConfig({ HOST: '::' }).host).toBe('::');
    expect(loadConfig({ HOST: '[::1]' }).host).toBe('::1');
    expect(loadConfig({ HOST: 'api.zone-5415.example' }).host).toBe('api.zone-5415.example');
    expect(() => loadConfig({ HOST: 'http://0.0.0.0:3000', FIGURES_CACHE_ENTRIES: 'many' })).toThrow(
      /HOST must be an IP address or a host name[\s\S]*FIGURES_CACHE_ENTRIES must be a whole number from 10/,
    );
    expect(() => loadConfig({ FIGURES_CACHE_ENTRIES: '0' })).toThrow(/FIGURES_CACHE_ENTRIES must be a whole number from 10 to 1000000 \(got "0"\)/);
  });

  it('admission: timeouts, uploads per address and the body buffer, with defaults, checked at start-up', () => {
    expect(loadConfig({})).toMatchObject({ headersTimeoutMs: 10000, requestTimeoutMs: 120000, bodyIdleTimeoutMs: 15000, uploadsPerAddress: 4, bodyBufferMb: 64 });
    expect(loadConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '30000', BODY_IDLE_TIMEOUT_MS: '2000', UPLOADS_PER_ADDRESS: '1', BODY_BUFFER_MB: '256' })).toMatchObject({
      headersTimeoutMs: 5000,
      requestTimeoutMs: 30000,
      bodyIdleTimeoutMs: 2000,
      uploadsPerAddress: 1,
      bodyBufferMb: 256,
    });
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '30000' })).toThrow(/HEADERS_TIMEOUT_MS \(60000\) must not be longer than REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ UPLOADS_PER_ADDRESS: '0', BODY_BUFFER_MB: '8', BODY_IDLE_TIMEOUT_MS: 'soon' })).toThrow(
      /BODY_IDLE_TIMEOUT_MS must be a whole number[\s\S]*UPLOADS_PER_ADDRESS must be a whole number from 1[\s\S]*BODY_BUFFER_MB must be a whole number from 16/,
    );
    // The admission gate holds a whole upload before it goes on: the buffer must hold the largest one.
    expect(() => loadConfig({ UPLOAD_MAX_BYTES: String(32 * 1024 * 1024), BODY_BUFFER_MB: '32' })).toThrow(/BODY_BUFFER_MB \(32\) must hold at least one largest upload: UPLOAD_MAX_BYTES \(33554432\)/);
    expect(loadConfig({ UPLOAD_MAX_BYTES: String(32 * 1024 * 1024), BODY_BUFFER_MB: '33' }).bodyBufferMb).toBe(33);
  });

  it('reads CORS_ORIGINS as exact origins and refuses anything else, naming the setting', () => {
    expect(loadConfig({ CORS_ORIGINS: ' https://equity.example.be, http://localhost:5173/ ,https://equity.example.be' }).corsOrigins).toEqual([
      'https://equity.example.be',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'equity.example.be', 'https://equity.example.be/app', 'ftp://files.example.be', 'https://a.be,null']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS must be a comma-separated list of origins/);
    }
  });

  it('checks ADMIN_PASSWORD against the password policy and the login settings', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'administrator-secret' })).toThrow(/ADMIN_PASSWORD must not be or contain the user name/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'onlylettershere' })).toThrow(/ADMIN_PASSWORD must contain at least one character that is not a letter/);
    expect(loadConfig({ ADMIN_PASSWORD: 'a-long-zone-secret-9' }).adminPassword).toBe('a-long-zone-secret-9');
    expect(loadConfig({ LOGIN_RATE_LIMIT: '5', TRUST_PROXY: '1' })).toMatchObject({ loginRateLimit: 5, trustProxy: 1 });
    expect(() => loadConfig({ LOGIN_RATE_LIMIT: '0' })).toThrow(/LOGIN_RATE_LIMIT must be a whole number from 1/);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY must be a whole number from 0 to 10/);
    expect(loadConfig({}).surveyCodeRateLimit).toBe(10);
    expect(loadConfig({ SURVEY_CODE_RATE_LIMIT: '3' }).surveyCodeRateLimit).toBe(3);
    expect(() => loadConfig({ SURVEY_CODE_RATE_LIMIT: '0' })).toThrow(/SURVEY_CODE_RATE_LIMIT must be a whole number from 1/);
  });

  it('OpenID Connect: off by default; all four settings or none, every problem named', () => {
    expect(loadConfig({}).oidc).toBeNull();
    const full = {
      OIDC_ISSUER: 'https://idp.police.example.be/realms/zone',
      OIDC_CLIENT_ID: 'equity-monitor',
      OIDC_CLIENT_SECRET: 's3cret',
      OIDC_REDIRECT_URL: 'https://equity.example.be/api/v1/auth/oidc/callback',
    };
    expect(loadConfig(full).oidc).toEqual({
      issuer: full.OIDC_ISSUER,
      clientId: 'equity-monitor',
      clientSecret: 's3cret',
      redirectUrl: full.OIDC_REDIRECT_URL,
      usernameClaim: 'preferred_username',
    });
    expect(loadConfig({ ...full, OIDC_USERNAME_CLAIM: 'email' }).oidc?.usernameClaim).toBe('email');
    expect(loadConfig({ ...full, OIDC_ISSUER: 'http://localhost:8080/idp' }).oidc?.issuer).toBe('http://localhost:8080/idp');
    expect(() => loadConfig({ OIDC_ISSUER: full.OIDC_ISSUER, OIDC_CLIENT_ID: 'x' })).toThrow(
      /OpenID Connect needs all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL: OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL are missing/,
    );
    let message = '';
    try {
      loadConfig({ ...full, OIDC_ISSUER: 'http://idp.example.be', OIDC_REDIRECT_URL: 'callback', OIDC_USERNAME_CLAIM: 'a b', PORT: 'x' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/OIDC_ISSUER must be an https:\/\/ URL/);
    expect(message).toMatch(/OIDC_REDIRECT_URL must be an https:\/\/ URL/);
    expect(message).toMatch(/OIDC_USERNAME_CLAIM must be a claim name/);
    expect(message).toMatch(/PORT must be a whole number/);
    expect(() => loadConfig({ OIDC_USERNAME_CLAIM: 'email' })).toThrow(/OIDC_USERNAME_CLAIM is set but OpenID Connect is not/);
  });
});
