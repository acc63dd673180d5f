/**
 * AWS Signature Version 4, query-string ("presigned URL") form, written on node:crypto so the MSK
 * IAM token needs no AWS SDK. Only what a presigned GET needs: signed header `host`, no body.
 */
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface PresignInput {
  credentials: AwsCredentials;
  region: string;
  service: string;
  host: string;
  path: string;
  query: Record<string, string>;
  expiresInSeconds: number;
  signingDate: Date;
  /** Hex SHA-256 of the payload, or 'UNSIGNED-PAYLOAD'. */
  payloadHash: string;
}

export const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 percent-encoding as SigV4 requires (encodeURIComponent leaves !'()* alone). */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function amzDate(d: Date): { long: string; short: string } {
  const long = d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return { long, short: long.slice(0, 8) };
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export function canonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Returns the query parameters of the presigned request, including X-Amz-Signature. */
export function presignQuery(input: PresignInput): Record<string, string> {
  const { long, short } = amzDate(input.signingDate);
  const scope = `${short}/${input.region}/${input.service}/aws4_request`;
  const query: Record<string, string> = {
    ...input.query,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${input.credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': long,
    'X-Amz-Expires': String(input.expiresInSeconds),
    'X-Amz-SignedHeaders': 'host',
  };
  if (input.credentials.sessionToken) query['X-Amz-Security-Token'] = input.credentials.sessionToken;
  const canonicalRequest = ['GET', input.path, canonicalQuery(query), `host:${input.host}`, '', 'host', input.payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', long, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const kDate = hmac(`AWS4${input.credentials.secretAccessKey}`, short);
  const kSigning = hmac(hmac(hmac(kDate, input.region), input.service), 'aws4_request');
  query['X-Amz-Signature'] = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  return query;
}
