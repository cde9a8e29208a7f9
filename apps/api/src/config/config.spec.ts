import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, demoData: true, kManage: 5, kResearch: 10, tokenTtlHours: 12 });
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
});
