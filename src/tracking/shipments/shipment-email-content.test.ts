import { describe, expect, it } from 'vitest';
import { rxLast4, shipmentPersonalisation } from './shipment-email-content.js';

describe('shipmentPersonalisation', () => {
  it('lists every prescription by the last 4 of its Rx number and name, and nothing else identifying', () => {
    const p = shipmentPersonalisation({
      trackingNumber: '9400111899223100000001',
      carrier: 'USPS',
      shippedAt: new Date('2026-06-15T15:00:00Z'),
      items: [
        { rxNumber: '2719547', drugName: 'LISINOPRIL 10MG TAB' },
        { rxNumber: '2719536', drugName: 'ATORVASTATIN 40MG TAB' },
      ],
    });
    expect(p).toEqual({
      carrier: 'USPS',
      tracking_number: '9400111899223100000001',
      tracking_link: 'Track your package with USPS: https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223100000001',
      shipped_date: 'June 15, 2026',
      prescription_count: '2',
      prescription_list: '* Rx ending in 9536: ATORVASTATIN 40MG TAB\n* Rx ending in 9547: LISINOPRIL 10MG TAB',
    });
    expect(JSON.stringify(p)).not.toContain('2719536');
  });

  it('shows the carrier by name, never CMOP’s raw code; unknown carriers get no link', () => {
    const base = { trackingNumber: '123456789012', shippedAt: null, items: [{ rxNumber: '123', drugName: 'X' }] };
    expect(shipmentPersonalisation({ ...base, carrier: 'CTC-FEDEX' })).toMatchObject({
      carrier: 'FedEx',
      tracking_link: 'Track your package with FedEx: https://www.fedex.com/fedextrack/?trknbr=123456789012',
    });
    const odd = shipmentPersonalisation({ ...base, carrier: 'CTC-PONY' });
    expect(odd.carrier).toBe('the carrier');
    expect(JSON.stringify(odd)).not.toContain('CTC');
    expect(odd.tracking_link).toBe('Track your package on VA.gov (Medications).');
  });

  it('fills gaps with neutral words, never with "null"', () => {
    const p = shipmentPersonalisation({ trackingNumber: '1Z999', carrier: null, shippedAt: null, items: [{ rxNumber: '123', drugName: 'X' }] });
    expect(p.carrier).toBe('the carrier');
    expect(p.shipped_date).toBe('recently');
    expect(Object.values(p).join(' ')).not.toMatch(/null|undefined/);
  });

  it.each([
    ['2719536', '9536'],
    ['123456T', '456T'],
    ['123', '123'],
  ])('rxLast4(%s) = %s', (rx, last4) => {
    expect(rxLast4(rx)).toBe(last4);
  });
});
