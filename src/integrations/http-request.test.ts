/** The outside-service HTTP helper: answers, kept-alive connections, the whole-exchange timeout, network errors. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpRequestError, httpRequest } from './http-request.js';

let server: http.Server;
let base: string;
const remotePorts = new Set<number>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    remotePorts.add(req.socket.remotePort!);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/echo') {
        res.writeHead(201, { 'content-type': 'application/json', token: 'abc', 'set-cookie': ['a=1', 'b=2'] });
        res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'], length: req.headers['content-length'] }));
      } else if (req.url === '/stall-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
      } else if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"x":');
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        res.writeHead(404, 'Not Found');
        res.end('nope');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('httpRequest', () => {
  it('sends the body with its length and returns status, headers and text', async () => {
    const res = await httpRequest(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"é":1}', timeoutMs: 2000 });
    expect(res).toMatchObject({ status: 201, ok: true });
    expect(JSON.parse(res.text)).toEqual({ method: 'POST', body: '{"é":1}', type: 'application/json', length: '8' });
    expect(res.header('Token')).toBe('abc');
    expect(res.header('set-cookie')).toBe('a=1');
    expect(res.header('missing')).toBeNull();
  });

  it('keeps the connection alive between requests', async () => {
    remotePorts.clear();
    for (let i = 0; i < 5; i++) await httpRequest(`${base}/echo`, { timeoutMs: 2000 });
    expect(remotePorts.size).toBe(1);
  });

  it('answers a non-2xx status with its text, not an error', async () => {
    const res = await httpRequest(`${base}/other`, { timeoutMs: 2000 });
    expect(res).toMatchObject({ status: 404, ok: false, statusText: 'Not Found', text: 'nope' });
  });

  it('times out a body that stops coming (the timeout covers the whole exchange)', async () => {
    const err = await httpRequest(`${base}/stall-body`, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpRequestError);
    expect(err).toMatchObject({ timeout: true, name: 'TimeoutError' });
  });

  it('rejects a response cut off mid-body as a network error, not a timeout', async () => {
    const err = await httpRequest(`${base}/cut`, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ timeout: false });
  });

  it('rejects a refused connection as a network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await httpRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ timeout: false });
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });
});
