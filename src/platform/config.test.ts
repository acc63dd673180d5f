import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults for local development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ NODE_ENV: 'development', PORT: 3000, MOCK_SIGN_IN: true, RENEWAL_WINDOW_DAYS: 120 });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('reads the renewal-link scope by prescription source (default both; VA.gov today: Oracle Health only)', () => {
    expect(loadConfig({}).RENEWAL_LINK_SOURCES).toEqual(['vista', 'oracle_health']);
    expect(loadConfig({ RENEWAL_LINK_SOURCES: 'oracle_health' }).RENEWAL_LINK_SOURCES).toEqual(['oracle_health']);
    expect(loadConfig({ RENEWAL_LINK_SOURCES: ' vista , vista ' }).RENEWAL_LINK_SOURCES).toEqual(['vista']);
    expect(() => loadConfig({ RENEWAL_LINK_SOURCES: 'cerner' })).toThrow(/RENEWAL_LINK_SOURCES/);
    expect(() => loadConfig({ RENEWAL_LINK_SOURCES: '' })).toThrow(/RENEWAL_LINK_SOURCES/);
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
    const prod = {
      NODE_ENV: 'production',
      COOKIE_SECRET: 'x'.repeat(40),
      VA_NOTIFY_URL: 'https://api.notifications.va.gov',
      VA_NOTIFY_API_KEY: `rxbridge-prod-${'a1b2c3d4-0000-4000-8000-000000000001'}-${'a1b2c3d4-0000-4000-8000-000000000002'}`,
      VA_NOTIFY_CALLBACK_BEARER_TOKEN: 'y'.repeat(40),
      AAL_URL: 'https://mhv.example.va.gov/mhvapi/v1',
      AAL_API_KEY: 'z'.repeat(20),
    };
    const c = loadConfig({ ...prod, MOCK_SIGN_IN: 'true', SANDBOX: 'true' });
    expect(c.MOCK_SIGN_IN).toBe(false);
    expect(c.SANDBOX).toBe(false);
    // The renewal-link rollout starts off in production unless a stage is set explicitly.
    expect(c.ROLLOUT_DEFAULT_PERCENT).toBe(0);
    expect(loadConfig({ ...prod, ROLLOUT_DEFAULT_PERCENT: '1' }).ROLLOUT_DEFAULT_PERCENT).toBe(1);
    expect(loadConfig({}).ROLLOUT_DEFAULT_PERCENT).toBe(100);
  });

  it('in production, requires the real services and refuses the stand-ins’ credentials, naming each variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', COOKIE_SECRET: 'x'.repeat(40) })).toThrow(
      /VA_NOTIFY_URL: required in production[\s\S]*AAL_URL: required in production[\s\S]*VA_NOTIFY_API_KEY: the local stand-in value/,
    );
  });

  it('accepts an external DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db.example:5432/rx' }).DATABASE_URL).toBe('postgres://u:p@db.example:5432/rx');
  });
});

describe('loadConfig: event bus settings', () => {
  it('defaults TRACKING_PATH to event_bus when KAFKA_BROKERS is set, else direct; an explicit value wins', () => {
    expect(loadConfig({}).TRACKING_PATH).toBe('direct');
    const bus = loadConfig({ KAFKA_BROKERS: 'b-1.msk.example:9098, b-2.msk.example:9098' });
    expect(bus.TRACKING_PATH).toBe('event_bus');
    expect(bus.KAFKA_BROKERS).toEqual(['b-1.msk.example:9098', 'b-2.msk.example:9098']);
    expect(loadConfig({ KAFKA_BROKERS: 'localhost:9092', TRACKING_PATH: 'direct' }).TRACKING_PATH).toBe('direct');
  });

  it('names bad broker lists and missing SASL credentials, and forces TLS for MSK IAM', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'localhost' })).toThrow(/KAFKA_BROKERS/);
    expect(() => loadConfig({ KAFKA_BROKERS: 'localhost:9092', KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(/KAFKA_USERNAME\/KAFKA_PASSWORD/);
    expect(loadConfig({ KAFKA_BROKERS: 'b:9098', KAFKA_SASL_MECHANISM: 'oauthbearer-msk-iam', KAFKA_SSL: 'false' }).KAFKA_SSL).toBe(true);
    expect(() => loadConfig({ KAFKA_SCHEMA_IDS: '12;1' })).toThrow(/KAFKA_SCHEMA_IDS/);
  });
});
