import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ELIGIBILITY_REASON_CODES } from '../shared/api/medications.js';
import { PREFILL_EXCLUDED_FIELDS } from '../messaging/renewal-prefill.js';
import { FLOW_URLS } from '../shared/flow-urls.js';
import { renderProductGuide } from './product-guide.js';

const committed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/product-guide.md');

describe('generated Product Guide', () => {
  it('docs/product-guide.md is what `rxbridge guide` generates today (run `rxbridge guide --out docs/product-guide.md` after changing the registries)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(renderProductGuide());
  });

  it('lists every flow URL, every eligibility reason code and every excluded prefill field', () => {
    const guide = renderProductGuide();
    for (const u of FLOW_URLS) expect(guide).toContain(`\`${u.path}\``);
    for (const code of ELIGIBILITY_REASON_CODES) expect(guide).toContain(`\`${code}\``);
    for (const f of PREFILL_EXCLUDED_FIELDS) expect(guide).toContain(`\`${f.field}\``);
  });

  it('is deterministic', () => {
    expect(renderProductGuide()).toBe(renderProductGuide());
  });
});
