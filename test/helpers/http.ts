/**
 * A signed-in HTTP client over `app.inject` (no sockets) with a cookie jar and the CSRF header,
 * so route tests exercise the same session and CSRF checks a browser does.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  /** The body's bytes (binary downloads such as PDFs). */
  rawBody: Buffer;
}

export class TestClient {
  private cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request<T = any>(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (opts.csrf !== false && this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const res = await this.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const text = res.body;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed as T, headers: res.headers, rawBody: res.rawPayload };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown, opts?: { csrf?: boolean; headers?: Record<string, string> }) {
    return this.request<T>('POST', url, body ?? {}, opts);
  }

  /** Fetch a CSRF token (and its cookie) as the web app does on load. */
  async init(): Promise<this> {
    const res = await this.get<{ csrfToken: string }>('/api/session');
    this.csrfToken = res.body.csrfToken;
    return this;
  }

  /** Sign in through the mock identity provider as the user with this external subject (e.g. 'mock:alex'). */
  async signInAs(userId: string): Promise<this> {
    await this.init();
    const res = await this.post('/api/auth/mock-sign-in', { userId });
    if (res.status !== 204) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
    await this.init();
    return this;
  }
}
