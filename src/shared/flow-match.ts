/**
 * Matching concrete paths and Fastify route patterns against the flow-URL registry
 * (flow-urls.ts), so the browser hook and the server hook attribute to the same entries without
 * listing any URL themselves. Browser-safe: no Node imports.
 */
import { FLOW_URLS, type FlowUrl } from './flow-urls.js';

const entries: readonly FlowUrl[] = FLOW_URLS;

function basePath(path: string): string {
  return path.split('?')[0] as string;
}

function segments(path: string): string[] {
  return basePath(path).split('/').filter(Boolean);
}

/** Literal segments first: '/api/medications/refills' must win over '/api/medications/:prescriptionId'. */
function specificity(path: string): number {
  return segments(path).filter((s) => !s.startsWith(':')).length;
}

function byKind(kind: FlowUrl['kind']): FlowUrl[] {
  return entries.filter((e) => e.kind === kind).sort((a, b) => specificity(b.path) - specificity(a.path));
}

function matches(pattern: string, concrete: string): boolean {
  const p = segments(pattern);
  const c = segments(concrete);
  return p.length === c.length && p.every((s, i) => s.startsWith(':') || s === c[i]);
}

/** The registry page a browser path (no query) belongs to, or undefined. */
export function matchPage(pathname: string): FlowUrl | undefined {
  return byKind('page').find((e) => matches(e.path, pathname));
}

/** The registry API entry a concrete request URL (query allowed) belongs to, or undefined. */
export function matchApiUrl(url: string): FlowUrl | undefined {
  return byKind('api').find((e) => matches(e.path, url));
}

/**
 * The registry API entry for a Fastify route pattern such as '/api/medications/:id'. Parameter
 * names may differ between the route and the registry (':id' vs ':prescriptionId'); positions count.
 */
export function matchRoutePattern(route: string): FlowUrl | undefined {
  if (routeMatches.has(route)) return routeMatches.get(route);
  const wanted = routeShape(route);
  const entry = byKind('api').find((e) => routeShape(e.path) === wanted);
  // Route patterns are the server's own, a fixed few dozen, so the cache stays that small; the
  // lookup runs on every API response (monitoring attribution), the scan was ~2 % of a list request.
  if (routeMatches.size < 1000) routeMatches.set(route, entry);
  return entry;
}

const routeMatches = new Map<string, FlowUrl | undefined>();
const routeShape = (p: string) =>
  segments(p)
    .map((s) => (s.startsWith(':') ? ':' : s))
    .join('/');

/** Route pattern of a page as a router matches it (query template dropped). */
export function pagePattern(entry: FlowUrl): string {
  return basePath(entry.path);
}
