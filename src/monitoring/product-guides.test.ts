import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLOW_URLS } from '../shared/flow-urls.js';
import { PREFILL_INCLUDED_FIELDS, RENEWAL_SUBJECT } from '../messaging/index.js';
import { CONTACTS } from './contacts.js';
import { GUIDE_SCREENSHOTS, renderMedicationsGuide, renderSecureMessagingGuide } from './product-guides.js';
import { medalliaPattern } from './url-export.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/guides');

describe('generated Product Guides (Medications, Secure Messaging)', () => {
  it.each([
    ['medications.md', renderMedicationsGuide],
    ['secure-messaging.md', renderSecureMessagingGuide],
  ])('docs/guides/%s is what `rxbridge guides` generates today', (file, render) => {
    expect(readFileSync(path.join(dir, file), 'utf8')).toBe(render());
  });

  it('embed screenshots that the browser test took, and every page URL in both forms', () => {
    for (const [file] of [...GUIDE_SCREENSHOTS.meds, ...GUIDE_SCREENSHOTS.sm]) expect(existsSync(path.join(dir, 'screenshots', file)), file).toBe(true);
    for (const guide of [renderMedicationsGuide(), renderSecureMessagingGuide()]) {
      for (const u of FLOW_URLS) {
        expect(guide).toContain(`\`${u.path}\``);
        if (u.kind === 'page') expect(guide).toContain(medalliaPattern('https://www.va.gov', u.path));
      }
      expect(guide).toContain('ops/datadog/dashboard.json');
    }
  });

  it('mark placeholder contacts as PLACEHOLDER', () => {
    const meds = renderMedicationsGuide();
    for (const c of Object.values(CONTACTS.meds)) expect(meds).toContain(c.placeholder ? `${c.value} (PLACEHOLDER)` : c.value);
  });

  it('name the plan’s error states and the care-team selection logic', () => {
    const sm = renderSecureMessagingGuide();
    for (const s of ['No care team', 'CARE_TEAM_BLOCKED', 'Medications (routing error)', 'Suggested for this prescription', 'mayMessageTeam'])
      expect(sm).toContain(s);
  });

  it('give the prefill rules with VA.gov’s subject and every missing-value fallback, and the guard’s actions per condition', () => {
    const sm = renderSecureMessagingGuide();
    expect(sm).toContain(`Subject “${RENEWAL_SUBJECT}”`);
    for (const f of PREFILL_INCLUDED_FIELDS) if (f.fallback) expect(sm).toContain(`“${f.fallback}”`);
    for (const guide of [sm, renderMedicationsGuide()])
      for (const action of ['roll back + page the owning team', 'pause + notify the owning team', 'pause + notify Secure Messaging'])
        expect(guide).toContain(action);
  });
});
