/** `((placeholder))` handling: what counts as missing, rendering and redaction (A3, A4). */
import { describe, expect, it } from 'vitest';
import { missingPersonalisation, placeholders, render, renderRedacted, seedTemplates } from './templates.js';

describe('templates', () => {
  it.each<[string, string, string[]]>([
    ['none', 'Hello there', []],
    ['in order of first use, de-duplicated', '((b)) and ((a)) and ((b))', ['b', 'a']],
    ['conditional counts as its name', '((flag??Shown when flag))', ['flag']],
    ['spaces trimmed', '(( name ))', ['name']],
  ])('placeholders: %s', (_n, text, names) => {
    expect(placeholders(text)).toEqual(names);
  });

  it('reports every missing placeholder of subject and body, in order (null counts as missing)', () => {
    const rx = seedTemplates().find((t) => t.name === 'Rx shipment tracking')!;
    expect(missingPersonalisation(rx, { carrier: 'UPS', tracking_number: null })).toEqual([
      'prescription_count',
      'shipped_date',
      'tracking_number',
      'tracking_link',
      'prescription_list',
    ]);
    expect(
      missingPersonalisation(rx, {
        carrier: 'a',
        tracking_number: 'b',
        shipped_date: 'c',
        prescription_count: 'd',
        prescription_list: 'e',
        tracking_link: 'f',
      }),
    ).toEqual([]);
  });

  it('the Rx template uses exactly the agreed placeholders; the secure-message template has none', () => {
    const [rx, sm] = seedTemplates();
    expect(placeholders(`${rx!.subject} ${rx!.body}`).sort()).toEqual([
      'carrier',
      'prescription_count',
      'prescription_list',
      'shipped_date',
      'tracking_link',
      'tracking_number',
    ]);
    expect(rx!.communicationItemId).toBe(4);
    expect(placeholders(`${sm!.subject} ${sm!.body}`)).toEqual([]);
  });

  it('renders values and conditionals; redaction replaces every value', () => {
    expect(render('Hi ((name)). ((vip??You are a VIP.))', { name: 'Sam', vip: 'yes' })).toBe('Hi Sam. You are a VIP.');
    expect(render('((vip??VIP))', { vip: 'False' })).toBe('');
    expect(renderRedacted('Track ((n)) via ((c))', { n: '1Z', c: 'UPS' })).toBe('Track <redacted> via <redacted>');
  });
});
