/**
 * Flow-URL registry export for the Medallia / VSignals intake request (CSV and JSON), built from
 * flow-urls.ts so the list handed to the Contact Center is the list the code serves. Pure.
 */
import { FLOW_URLS, type FlowUrl } from '../shared/flow-urls.js';
import { ESCALATION } from './escalation.js';

export interface ExportedUrl {
  id: string;
  kind: FlowUrl['kind'];
  product: FlowUrl['product'];
  owningTeam: string;
  step: string;
  path: string;
  url: string;
  /** Medallia / VSignals targeting pattern: the URL with each `:param` as a `*` wildcard. */
  medalliaPattern: string;
  description: string;
}

/**
 * Medallia's URL-pattern form: `:param` segments and query values become `*` wildcards (Medallia
 * targeting matches URLs with `*`). Assumption to confirm with the VSignals team: the exact
 * syntax their intake expects (wildcard vs regular expression) is not in the seed documents.
 */
export function medalliaPattern(origin: string, path: string): string {
  return `${origin.replace(/\/$/, '')}${path.replace(/:[A-Za-z]+/g, '*')}`;
}

export function exportUrls(origin: string): ExportedUrl[] {
  const base = origin.replace(/\/$/, '');
  return (FLOW_URLS as readonly FlowUrl[]).map((u) => ({
    id: u.id,
    kind: u.kind,
    product: u.product,
    owningTeam: ESCALATION[u.product].engineeringTeam,
    step: u.step ?? '',
    path: u.path,
    url: `${base}${u.path}`,
    medalliaPattern: medalliaPattern(base, u.path),
    description: u.description,
  }));
}

const CSV_COLUMNS: Array<keyof ExportedUrl> = ['id', 'kind', 'product', 'owningTeam', 'step', 'path', 'url', 'medalliaPattern', 'description'];

/** RFC 4180: quote every field, double embedded quotes, CRLF line ends. */
export function toCsv(rows: ExportedUrl[]): string {
  const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return [CSV_COLUMNS.map(q).join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => q(String(r[c]))).join(','))].join('\r\n') + '\r\n';
}
