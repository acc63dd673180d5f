import { describe, expect, it } from 'vitest';
import { carrierCode, carrierDisplayName, carrierTrackingUrl } from './carriers.js';

describe('carrier tracking links (VA.gov TrackingInfo: USPS, UPS, FedEx, DHL)', () => {
  it.each([
    ['UPS', '1Z999AA10123456784', 'https://www.ups.com/track?tracknum=1Z999AA10123456784'],
    ['ups', '1Z999AA10123456784', 'https://www.ups.com/track?tracknum=1Z999AA10123456784'],
    ['USPS', '9400111899223817453124', 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223817453124'],
    ['U.S.P.S.', '9400111899223817453124', 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223817453124'],
    ['FEDEX', '612345678901', 'https://www.fedex.com/fedextrack/?trknbr=612345678901'],
    ['Fed Ex Ground', '612345678901', 'https://www.fedex.com/fedextrack/?trknbr=612345678901'],
    ['DHL', '1234567890', 'https://www.dhl.com/us-en/home/tracking/tracking-express.html?tracking-id=1234567890'],
    ['ACME FREIGHT', '1234567890', null],
    [null, '1234567890', null],
    ['UPS', '1Z99 <script>', null],
  ])('%s %s → %s', (carrier, n, url) => {
    expect(carrierTrackingUrl(carrier, n)).toBe(url);
  });

  it('names known carriers as VA.gov does and keeps unknown ones as received', () => {
    expect(carrierDisplayName('fedex')).toBe('FedEx');
    expect(carrierDisplayName('usps')).toBe('USPS');
    expect(carrierDisplayName('ACME FREIGHT')).toBe('ACME FREIGHT');
    expect(carrierDisplayName('  ')).toBeNull();
    expect(carrierCode('UPSS')).toBe('UPS');
  });
});
