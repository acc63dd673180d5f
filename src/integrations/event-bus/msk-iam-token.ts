/**
 * SASL/OAUTHBEARER token for Amazon MSK IAM access control, as the Event Bus requires
 * (security.protocol SASL_SSL, sasl.mechanism OAUTHBEARER, AWS MSK IAM signer).
 *
 * The token is a SigV4-presigned GET of `https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect`
 * (service `kafka-cluster`, 900 s expiry, empty payload), with a User-Agent parameter added after
 * signing, then the URL base64url-encoded without padding. This reimplements what AWS's
 * aws-msk-iam-sasl-signer libraries produce, on node:crypto, so no AWS SDK is pulled in.
 */
import { readFile } from 'node:fs/promises';
import { canonicalQuery, EMPTY_PAYLOAD_SHA256, presignQuery, uriEncode, type AwsCredentials } from './sigv4-presign.js';

export const MSK_SIGNING_SERVICE = 'kafka-cluster';
export const MSK_TOKEN_EXPIRY_SECONDS = 900;
const USER_AGENT = 'rxbridge-msk-iam-signer/1.0';

export type CredentialsProvider = () => Promise<AwsCredentials>;

export interface MskToken {
  token: string;
  /** When the broker stops accepting it (clients re-authenticate before). */
  expiresAt: Date;
}

export function mskHost(region: string): string {
  return `kafka.${region}.amazonaws.com`;
}

export function generateMskIamToken(opts: { region: string; credentials: AwsCredentials; now?: Date }): MskToken {
  if (!opts.region) throw new Error('AWS region is required for an MSK IAM token');
  if (!opts.credentials.accessKeyId || !opts.credentials.secretAccessKey) throw new Error('AWS credentials are required for an MSK IAM token');
  const now = opts.now ?? new Date();
  const host = mskHost(opts.region);
  const query = presignQuery({
    credentials: opts.credentials,
    region: opts.region,
    service: MSK_SIGNING_SERVICE,
    host,
    path: '/',
    query: { Action: 'kafka-cluster:Connect' },
    expiresInSeconds: MSK_TOKEN_EXPIRY_SECONDS,
    signingDate: now,
    payloadHash: EMPTY_PAYLOAD_SHA256,
  });
  const url = `https://${host}/?${canonicalQuery(query)}&User-Agent=${uriEncode(USER_AGENT)}`;
  return {
    token: Buffer.from(url, 'utf8').toString('base64url'),
    expiresAt: new Date(now.getTime() + MSK_TOKEN_EXPIRY_SECONDS * 1000),
  };
}

/**
 * Credentials from the environment, in the order the AWS SDKs use for these sources:
 *  1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) — IAM user (teams outside AWS).
 *  2. AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN — EKS IRSA: STS AssumeRoleWithWebIdentity
 *     (an unsigned call), cached until 5 minutes before expiry.
 * Other sources (ECS task role, instance profile, SSO profiles) are not implemented; pass your own
 * provider to createKafkaClient for those.
 */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env, fetchImpl: typeof fetch = fetch): CredentialsProvider {
  let cached: { creds: AwsCredentials; expiresAt: number } | undefined;
  return async () => {
    if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
      return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
    }
    if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
      if (cached && cached.expiresAt - 5 * 60_000 > Date.now()) return cached.creds;
      const webToken = (await readFile(env.AWS_WEB_IDENTITY_TOKEN_FILE, 'utf8')).trim();
      const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-gov-west-1';
      const params = new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: env.AWS_ROLE_ARN,
        RoleSessionName: env.AWS_ROLE_SESSION_NAME || 'rxbridge-event-bus',
        WebIdentityToken: webToken,
      });
      const res = await fetchImpl(`https://sts.${region}.amazonaws.com/?${params.toString()}`);
      if (!res.ok) throw new Error(`STS AssumeRoleWithWebIdentity failed with HTTP ${res.status}`);
      // The query API answers in XML; four flat elements are all we need.
      const xml = await res.text();
      const el = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
      const [accessKeyId, secretAccessKey, sessionToken, expiration] = [el('AccessKeyId'), el('SecretAccessKey'), el('SessionToken'), el('Expiration')];
      if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) throw new Error('STS AssumeRoleWithWebIdentity returned no credentials');
      cached = { creds: { accessKeyId, secretAccessKey, sessionToken }, expiresAt: Date.parse(expiration) };
      return cached.creds;
    }
    throw new Error('No AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN');
  };
}
