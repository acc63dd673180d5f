import { describe, expect, it } from 'vitest';
import { environmentCredentials, generateMskIamToken, MSK_TOKEN_EXPIRY_SECONDS } from './msk-iam-token.js';
import { canonicalQuery, EMPTY_PAYLOAD_SHA256, presignQuery, uriEncode } from './sigv4-presign.js';

// The example credentials AWS publishes in its SigV4 documentation.
const EXAMPLE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('SigV4 query signing', () => {
  it('reproduces the published presigned-URL example (S3 GET /test.txt, 2013-05-24, 86400 s)', () => {
    const q = presignQuery({
      credentials: EXAMPLE,
      region: 'us-east-1',
      service: 's3',
      host: 'examplebucket.s3.amazonaws.com',
      path: '/test.txt',
      query: {},
      expiresInSeconds: 86400,
      signingDate: new Date('2013-05-24T00:00:00Z'),
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
    expect(q['X-Amz-Credential']).toBe('AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request');
    expect(q['X-Amz-Signature']).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it('encodes per RFC 3986 and sorts parameters by encoded name', () => {
    expect(uriEncode("a b/c:d!'()*~")).toBe('a%20b%2Fc%3Ad%21%27%28%29%2A~');
    expect(canonicalQuery({ b: '2', A: '1', 'X-Amz-Date': 'x' })).toBe('A=1&X-Amz-Date=x&b=2');
  });
});

describe('generateMskIamToken', () => {
  const now = new Date('2026-06-15T15:00:00Z');
  const decode = (token: string) => new URL(Buffer.from(token, 'base64url').toString('utf8'));

  it('is a base64url (unpadded) presigned kafka-cluster:Connect URL for the region', () => {
    const { token, expiresAt } = generateMskIamToken({ region: 'us-gov-west-1', credentials: { ...EXAMPLE, sessionToken: 'session/token+1=' }, now });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = decode(token);
    expect(url.origin).toBe('https://kafka.us-gov-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    const p = url.searchParams;
    expect(p.get('Action')).toBe('kafka-cluster:Connect');
    expect(p.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(p.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20260615/us-gov-west-1/kafka-cluster/aws4_request');
    expect(p.get('X-Amz-Date')).toBe('20260615T150000Z');
    expect(p.get('X-Amz-Expires')).toBe(String(MSK_TOKEN_EXPIRY_SECONDS));
    expect(p.get('X-Amz-SignedHeaders')).toBe('host');
    expect(p.get('X-Amz-Security-Token')).toBe('session/token+1=');
    expect(p.get('User-Agent')).toMatch(/rxbridge/);
    expect(expiresAt.toISOString()).toBe('2026-06-15T15:15:00.000Z');
  });

  it('signs exactly the parameters it sends (signature recomputed from the decoded URL matches)', () => {
    const url = decode(generateMskIamToken({ region: 'us-gov-west-1', credentials: EXAMPLE, now }).token);
    const sent = Object.fromEntries(
      [...url.searchParams].filter(
        ([k]) => !['X-Amz-Signature', 'User-Agent', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders'].includes(k),
      ),
    );
    const again = presignQuery({
      credentials: EXAMPLE,
      region: 'us-gov-west-1',
      service: 'kafka-cluster',
      host: url.host,
      path: '/',
      query: sent,
      expiresInSeconds: 900,
      signingDate: now,
      payloadHash: EMPTY_PAYLOAD_SHA256,
    });
    expect(url.searchParams.get('X-Amz-Signature')).toBe(again['X-Amz-Signature']);
    // A different secret gives a different signature: the secret is really used.
    const other = decode(generateMskIamToken({ region: 'us-gov-west-1', credentials: { ...EXAMPLE, secretAccessKey: 'x' }, now }).token);
    expect(other.searchParams.get('X-Amz-Signature')).not.toBe(url.searchParams.get('X-Amz-Signature'));
  });

  it('refuses to sign without region or credentials', () => {
    expect(() => generateMskIamToken({ region: '', credentials: EXAMPLE })).toThrow(/region/);
    expect(() => generateMskIamToken({ region: 'us-gov-west-1', credentials: { accessKeyId: '', secretAccessKey: '' } })).toThrow(/credentials/);
  });
});

describe('environmentCredentials', () => {
  it('uses static keys from the environment first', async () => {
    const creds = await environmentCredentials({ AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK', AWS_SESSION_TOKEN: 'ST' })();
    expect(creds).toEqual({ accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST' });
  });

  it('assumes the IRSA role via STS AssumeRoleWithWebIdentity and caches the result', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'rxb-irsa-'));
    writeFileSync(path.join(dir, 'token'), 'web-identity-jwt\n');
    const calls: string[] = [];
    const fakeFetch = (async (url: string) => {
      calls.push(url);
      const xml = `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>
        <AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>tok</SessionToken>
        <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`;
      return new Response(xml, { status: 200 });
    }) as unknown as typeof fetch;
    const provider = environmentCredentials(
      { AWS_WEB_IDENTITY_TOKEN_FILE: path.join(dir, 'token'), AWS_ROLE_ARN: 'arn:aws-us-gov:iam::123456789012:role/rxbridge', AWS_REGION: 'us-gov-west-1' },
      fakeFetch,
    );
    expect(await provider()).toEqual({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'tok' });
    await provider();
    expect(calls).toHaveLength(1);
    const u = new URL(calls[0]!);
    expect(u.host).toBe('sts.us-gov-west-1.amazonaws.com');
    expect(u.searchParams.get('Action')).toBe('AssumeRoleWithWebIdentity');
    expect(u.searchParams.get('WebIdentityToken')).toBe('web-identity-jwt');
  });

  it('fails with a clear message when no source is configured', async () => {
    await expect(environmentCredentials({})()).rejects.toThrow(/No AWS credentials/);
  });
});
