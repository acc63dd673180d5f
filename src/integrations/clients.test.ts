/** Which VA Notify credentials a deployment uses (combined key vs separate service id + secret). */
import { describe, expect, it } from 'vitest';
import { SANDBOX_KEY_SECRET, SANDBOX_SERVICE_ID } from '../shared/local-defaults.js';
import { loadConfig } from '../platform/config.js';
import { notifyCredentials } from './clients.js';

const SID = 'a1b2c3d4-0000-4000-8000-000000000001';
const URLSAFE = 'Zm9vYmFyLWJhei1xdXV4LWxvbmctdG9rZW4tdXJsc2FmZS1zZWNyZXQtNjQtY2hhcnMtYWJjZGVmZ2hpams';

describe('notifyCredentials', () => {
  it.each<[string, Record<string, string>, { serviceId: string; secret: string }]>([
    ['defaults: the stand-in key', {}, { serviceId: SANDBOX_SERVICE_ID, secret: SANDBOX_KEY_SECRET }],
    [
      'combined key',
      { SANDBOX: 'false', VA_NOTIFY_API_KEY: `prod-${SID}-b1b2c3d4-0000-4000-8000-000000000002` },
      { serviceId: SID, secret: 'b1b2c3d4-0000-4000-8000-000000000002' },
    ],
    ['separate id + non-UUID secret', { SANDBOX: 'false', VA_NOTIFY_SERVICE_ID: SID, VA_NOTIFY_API_SECRET: URLSAFE }, { serviceId: SID, secret: URLSAFE }],
    [
      'separate values ignored while the stand-ins run',
      { SANDBOX: 'true', VA_NOTIFY_SERVICE_ID: SID, VA_NOTIFY_API_SECRET: URLSAFE },
      { serviceId: SANDBOX_SERVICE_ID, secret: SANDBOX_KEY_SECRET },
    ],
    ['only one of the pair: the key', { SANDBOX: 'false', VA_NOTIFY_SERVICE_ID: SID }, { serviceId: SANDBOX_SERVICE_ID, secret: SANDBOX_KEY_SECRET }],
  ])('%s', (_n, env, expected) => {
    expect(notifyCredentials(loadConfig(env))).toEqual(expected);
  });
});
