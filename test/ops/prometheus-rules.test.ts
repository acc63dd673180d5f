/**
 * Prometheus rules and Alertmanager routing as code, checked with the real tools: `promtool check
 * rules` + `promtool test rules` (ops/prometheus/rules.test.yml), `amtool check-config` and
 * `amtool config routes test`; and every alert labelled with the team the escalation table names
 * for its product.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ESCALATION } from '../../src/monitoring/escalation.js';
import { runTool } from '../helpers/ops-tools.js';

const PROM = path.resolve('ops/prometheus');
const AM = path.resolve('ops/alertmanager/alertmanager.yml');

describe('Prometheus rules (promtool)', () => {
  it('pass `promtool check rules`', async () => {
    const out = await runTool('promtool', ['check', 'rules', 'rules.yml'], PROM);
    expect(out).toContain('SUCCESS: 16 rules found');
  });

  it('pass their unit tests (`promtool test rules rules.test.yml`)', async () => {
    const out = await runTool('promtool', ['test', 'rules', 'rules.test.yml'], PROM);
    expect(out).toContain('SUCCESS');
  });

  it('label every alert with its product’s owning team and a severity', async () => {
    const doc = parse(await readFile(path.join(PROM, 'rules.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert?: string; labels?: Record<string, string> }> }>;
    };
    const alerts = doc.groups.flatMap((g) => g.rules).filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThanOrEqual(9);
    for (const a of alerts) {
      const product = a.labels?.product as 'meds' | 'sm';
      expect(ESCALATION[product], a.alert).toBeDefined();
      expect(a.labels?.team, a.alert).toBe(ESCALATION[product].engineeringTeam);
      expect(['warning', 'critical'], a.alert).toContain(a.labels?.severity);
      if (a.labels?.severity === 'critical') expect(a.labels.rollout_action, a.alert).toBe('pause');
    }
  });
});

describe('Alertmanager configuration (amtool)', () => {
  it('passes `amtool check-config`', async () => {
    expect(await runTool('amtool', ['check-config', AM])).toContain('SUCCESS');
  });

  it.each([
    ['SM Engineering', 'critical', 'sm-engineering-page'],
    ['SM Engineering', 'warning', 'sm-engineering'],
    ['Meds Engineering', 'critical', 'meds-engineering-page'],
    ['Meds Engineering', 'warning', 'meds-engineering'],
    ['Someone else', 'warning', 'rxbridge-unrouted'],
  ])('routes team=%s severity=%s to %s', async (team, severity, receiver) => {
    const out = await runTool('amtool', ['config', 'routes', 'test', `--config.file=${AM}`, `team=${team}`, `severity=${severity}`]);
    expect(out.split('\n')[0]!.trim()).toBe(receiver);
  });
});
