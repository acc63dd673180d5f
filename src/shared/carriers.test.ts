import { describe, expect, it } from 'vitest';
import { carrierDisplay } from './carriers.js';

describe('carrierDisplay', () => {
  it.each<[string | null, string, string | null, string | null]>([
    ['USPS', '9400111899223344556677', 'USPS', 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223344556677'],
    ['CTC-USPS', '9400111899223344556677', 'USPS', 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223344556677'],
    ['ups', '1Z999AA10123456784', 'UPS', 'https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=1Z999AA10123456784'],
    ['FEDEX', '123456789012', 'FedEx', 'https://www.fedex.com/fedextrack/?tracknumbers=123456789012'],
    ['CTC-FedEx', '123456789012', 'FedEx', 'https://www.fedex.com/fedextrack/?tracknumbers=123456789012'],
    ['DHL', 'GM123', 'DHL', 'http://webtrack.dhlglobalmail.com/?trackingnumber=GM123'],
    ['ONTRAC', 'C123', 'OnTrac', null],
    ['PONYEXPRESS', 'X1', null, null],
    [null, 'X1', null, null],
    ['USPS', 'not a number!', 'USPS', null],
  ])('%s %s → %s %s', (code, trk, name, url) => {
    expect(carrierDisplay(code, trk)).toEqual({ name, trackingUrl: url });
  });
});
