import { describe, expect, it } from 'vitest';
import { carrierCode, carrierDisplay, carrierDisplayName, carrierTrackingUrl } from './carriers.js';

const USPS = 'https://tools.usps.com/go/TrackConfirmAction?tLabels=';
const UPS = 'https://www.ups.com/track?tracknum=';
const FEDEX = 'https://www.fedex.com/fedextrack/?trknbr=';
const DHL = 'https://www.dhl.com/us-en/home/tracking/tracking-express.html?tracking-id=';

describe('carrier tracking links (VA.gov TrackingInfo: USPS, UPS, FedEx, DHL)', () => {
  it.each([
    ['UPS', '1Z999AA10123456784', `${UPS}1Z999AA10123456784`],
    ['ups', '1Z999AA10123456784', `${UPS}1Z999AA10123456784`],
    ['USPS', '9400111899223817453124', `${USPS}9400111899223817453124`],
    ['CTC-USPS', '9400111899223817453124', `${USPS}9400111899223817453124`],
    ['U.S.P.S.', '9400111899223817453124', `${USPS}9400111899223817453124`],
    ['FEDEX', '612345678901', `${FEDEX}612345678901`],
    ['CTC-FedEx', '612345678901', `${FEDEX}612345678901`],
    ['Fed Ex Ground', '612345678901', `${FEDEX}612345678901`],
    ['DHL', '1234567890', `${DHL}1234567890`],
    ['ONTRAC', 'C123', null],
    ['ACME FREIGHT', '1234567890', null],
    [null, '1234567890', null],
    ['UPS', '1Z99 <script>', null],
  ])('%s %s → %s', (carrier, n, url) => {
    expect(carrierTrackingUrl(carrier, n)).toBe(url);
  });

  it.each<[string | null, string | null]>([
    ['fedex', 'FedEx'],
    ['CTC-USPS', 'USPS'],
    ['ONTRAC', 'OnTrac'],
    ['ACME FREIGHT', null],
    ['PONYEXPRESS', null],
    ['  ', null],
    [null, null],
  ])('names %s as %s, never showing a raw code', (code, name) => {
    expect(carrierDisplayName(code)).toBe(name);
    expect(carrierDisplay(code, 'X1').name).toBe(name);
  });

  it('normalises spellings to one code', () => {
    expect(carrierCode('UPSS')).toBe('UPS');
    expect(carrierCode('CTC-DHL')).toBe('DHL');
  });
});
