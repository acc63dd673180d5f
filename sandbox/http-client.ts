/**
 * The stand-ins' own outbound HTTP (VA Notify → VA Profile lookups, VA Notify → delivery-status
 * callbacks): node:http(s) with kept-alive connections. Global fetch cost the stand-in process about
 * three times the CPU per call (bench:pipeline profile: fetch was ~45 % of its busy samples), which
 * capped how fast the stand-in could take sends. `timeoutMs` bounds the whole exchange; a timeout
 * or connection error rejects.
 */
import http from 'node:http';
import https from 'node:https';

const agentOptions = { keepAlive: true, timeout: 4000 };
const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

export interface StandInResponse {
  status: number;
  ok: boolean;
  text: string;
}

export function request(
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<StandInResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    let done = false;
    const finish = (err: Error | null, res?: StandInResponse) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(res!);
    };
    const req = (secure ? https : http).request(target, { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => finish(err));
      res.on('close', () => !res.complete && finish(new Error('connection closed before the response ended')));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        finish(null, { status, ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    const timer = setTimeout(() => {
      finish(new Error(`no response within ${init.timeoutMs} ms`));
      req.destroy();
    }, init.timeoutMs);
    req.on('error', (err) => finish(err));
    req.end(init.body);
  });
}
