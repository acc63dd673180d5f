/**
 * Carrier codes as CMOP sends them (ZR2-1 / "Delivery Service": "USPS", "CTC-USPS", "FEDEX", …) →
 * what a Veteran sees: the carrier's name and, for the four carriers VA.gov's TrackingInfo links
 * (VW .../components/shared/TrackingInfo.jsx: USPS, UPS, FedEx, DHL), the carrier's public tracking
 * page. Browser-safe; shared by Medications (screen, print, PDF) and Rx tracking (e-mails, tracking
 * view). Raw codes never reach a Veteran: an unknown code has no name (callers say "the carrier")
 * and no link. The reference names the carriers but not VA.gov's exact URLs: the URL formats below
 * are the carriers' public tracking pages, to confirm against vets-website before production.
 */
export const CARRIERS = {
  USPS: { name: 'USPS', url: (n: string) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}` },
  UPS: { name: 'UPS', url: (n: string) => `https://www.ups.com/track?tracknum=${n}` },
  FEDEX: { name: 'FedEx', url: (n: string) => `https://www.fedex.com/fedextrack/?trknbr=${n}` },
  DHL: { name: 'DHL', url: (n: string) => `https://www.dhl.com/us-en/home/tracking/tracking-express.html?tracking-id=${n}` },
} as const;
export type CarrierCode = keyof typeof CARRIERS;

/** Regional carriers CMOP may name that VA.gov does not link: shown by name, without a link. */
const NAMED_ONLY: Record<string, string> = { ONTRAC: 'OnTrac', LSO: 'LSO' };

const letters = (carrier: string | null | undefined): string =>
  (carrier ?? '')
    .trim()
    .toUpperCase()
    .replace(/^CTC[-_ ]?/, '')
    .replace(/[^A-Z]/g, '');

/** Normalise what dispense messages carry ("ups", "CTC-USPS", "Fed Ex", "FEDEX GROUND", "U.S.P.S.") to a linked carrier. */
export function carrierCode(carrier: string | null | undefined): CarrierCode | null {
  const c = letters(carrier);
  if (!c) return null;
  if (c.startsWith('USPS') || c.startsWith('USPOSTAL') || c === 'POSTAL') return 'USPS';
  if (c.startsWith('UPS')) return 'UPS';
  if (c.startsWith('FEDEX') || c.startsWith('FEDERALEXPRESS')) return 'FEDEX';
  if (c.startsWith('DHL')) return 'DHL';
  return null;
}

/** The carrier's public tracking page for this number, or null for an unlinked carrier or an unusable number. */
export function carrierTrackingUrl(carrier: string | null | undefined, trackingNumber: string | null | undefined): string | null {
  const code = carrierCode(carrier);
  const n = (trackingNumber ?? '').trim();
  if (!code || !/^[A-Za-z0-9-]{1,60}$/.test(n)) return null;
  return CARRIERS[code].url(encodeURIComponent(n));
}

/** Display name ("FedEx") for a known carrier, else null (never the raw code). */
export function carrierDisplayName(carrier: string | null | undefined): string | null {
  const code = carrierCode(carrier);
  if (code) return CARRIERS[code].name;
  return NAMED_ONLY[letters(carrier)] ?? null;
}

export interface CarrierDisplay {
  /** Display name, or null when the code is not a carrier we know. */
  name: string | null;
  /** Carrier tracking page for this number (USPS, UPS, FedEx, DHL only), else null. */
  trackingUrl: string | null;
}

export function carrierDisplay(carrier: string | null | undefined, trackingNumber: string | null | undefined): CarrierDisplay {
  return { name: carrierDisplayName(carrier), trackingUrl: carrierTrackingUrl(carrier, trackingNumber) };
}
