import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { FLOW_URLS } from '../shared/flow-urls.js';
import { FUNNEL_STEPS } from '../shared/funnel-math.js';
import { pagePattern } from '../shared/flow-match.js';
import { datadogDashboard, datadogMonitors } from './datadog.js';
import { ESCALATION } from './escalation.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ops/datadog');

// The parts of Datadog's API schemas these definitions rely on (POST /api/v1/dashboard, /api/v1/monitor).
const widget: z.ZodType = z.lazy(() =>
  z.object({
    definition: z.object({ type: z.enum(['group', 'timeseries']), title: z.string().min(1) }).and(
      z.union([
        z.object({ type: z.literal('group'), layout_type: z.literal('ordered'), widgets: z.array(widget).min(1) }),
        z.object({
          type: z.literal('timeseries'),
          requests: z
            .array(
              z.object({
                queries: z.array(z.object({ data_source: z.enum(['metrics', 'rum']), name: z.string() })).min(1),
                formulas: z.array(z.object({ formula: z.string() })).min(1),
              }),
            )
            .min(1),
        }),
      ]),
    ),
  }),
);
const dashboard = z.object({ title: z.string().min(1), layout_type: z.enum(['ordered', 'free']), widgets: z.array(widget).min(1) });
const monitor = z.object({
  name: z.string().min(1),
  type: z.enum(['query alert', 'rum alert']),
  query: z.string().regex(/[<>] [0-9.]+$/),
  message: z.string().min(1),
  tags: z.array(z.string().regex(/^[a-z0-9_:.\-/]+$/)),
  options: z.object({ thresholds: z.object({ critical: z.number() }) }),
});

describe('Datadog definitions generated from the registry', () => {
  it('ops/datadog/*.json are what `rxbridge datadog` generates today', () => {
    expect(JSON.parse(readFileSync(path.join(dir, 'dashboard.json'), 'utf8'))).toEqual(datadogDashboard());
    expect(JSON.parse(readFileSync(path.join(dir, 'monitors.json'), 'utf8'))).toEqual(datadogMonitors());
  });

  it('have the shape the Datadog API accepts', () => {
    expect(dashboard.safeParse(datadogDashboard()).error).toBeUndefined();
    for (const m of datadogMonitors()) expect(monitor.safeParse(m).error, m.name as string).toBeUndefined();
  });

  it('cover every registry URL and every funnel step, with monitors tagged by the owning team', () => {
    const dash = JSON.stringify(datadogDashboard());
    const mons = datadogMonitors();
    const all = JSON.stringify(mons);
    for (const u of FLOW_URLS) {
      if (u.kind === 'api') expect(dash, u.id).toContain(`url_id:${u.id}`);
      else {
        expect(dash, u.id).toContain(`@view.url_path_group:\\"${pagePattern(u)}\\"`);
        expect(all, u.id).toContain(`url_id:${u.id}`);
      }
    }
    for (const step of FUNNEL_STEPS) {
      expect(dash, step).toContain(`step:${step}`);
      expect(all, step).toContain(`step:${step}`);
    }
    for (const m of mons) {
      const product = (m.tags as string[]).find((t) => t.startsWith('product:'))!.slice(8) as 'meds' | 'sm';
      expect(m.tags, m.name as string).toContain(`team:${ESCALATION[product].engineeringTeam.toLowerCase().replace(/ /g, '-')}`);
      expect(m.message as string).toContain(ESCALATION[product].engineeringTeam);
    }
  });
});
