import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults for local development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ NODE_ENV: 'development', PORT: 3000, MOCK_SIGN_IN: true, RENEWAL_WINDOW_DAYS: 120 });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/LOG_LEVEL/);
    }
  });

  it('refuses the development cookie secret in production and turns mock sign-in off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/COOKIE_SECRET/);
    const c = loadConfig({ NODE_ENV: 'production', COOKIE_SECRET: 'x'.repeat(40), MOCK_SIGN_IN: 'true' });
    expect(c.MOCK_SIGN_IN).toBe(false);
  });

  it('accepts an external DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db.example:5432/rx' }).DATABASE_URL).toBe('postgres://u:p@db.example:5432/rx');
  });
});
