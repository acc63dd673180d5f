import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLOW_URLS } from '../shared/flow-urls.js';
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
    for (const s of ['No care team', 'CARE_TEAM_BLOCKED', 'Medications (routing error)', 'Suggested for this prescription', 'mayMessageTeam']) expect(sm).toContain(s);
  });
});
