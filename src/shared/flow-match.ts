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

// The registry is constant: each kind's list is sorted once, not on every call (the server's
// onResponse hook calls matchRoutePattern for every request; bench:pipeline profile, issue 19).
const sortedByKind = new Map<FlowUrl['kind'], FlowUrl[]>();
function byKind(kind: FlowUrl['kind']): FlowUrl[] {
  let list = sortedByKind.get(kind);
  if (!list) {
    list = entries.filter((e) => e.kind === kind).sort((a, b) => specificity(b.path) - specificity(a.path));
    sortedByKind.set(kind, list);
  }
  return list;
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

const routeAnswers = new Map<string, FlowUrl | undefined>();

/**
 * The registry API entry for a Fastify route pattern such as '/api/medications/:id'. Parameter
 * names may differ between the route and the registry (':id' vs ':prescriptionId'); positions count.
 */
export function matchRoutePattern(route: string): FlowUrl | undefined {
  // Route patterns are the server's own (a fixed set), so the answers are kept.
  if (routeAnswers.has(route)) return routeAnswers.get(route);
  const shape = (p: string) =>
    segments(p)
      .map((s) => (s.startsWith(':') ? ':' : s))
      .join('/');
  const wanted = shape(route);
  const found = byKind('api').find((e) => shape(e.path) === wanted);
  routeAnswers.set(route, found);
  return found;
}

/** Route pattern of a page as a router matches it (query template dropped). */
export function pagePattern(entry: FlowUrl): string {
  return basePath(entry.path);
}
