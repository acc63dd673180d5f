/**
 * Carrier tracking links, as VA.gov's TrackingInfo builds them (VW .../components/shared/TrackingInfo.jsx):
 * a map of the four carriers CMOP ships with (USPS, UPS, FedEx, DHL) to their public tracking page;
 * an unknown carrier gets no link. Browser-safe; shared by Medications (screen, print, PDF) and
 * Rx tracking (e-mails). The URL formats are the carriers' public tracking pages; the reference
 * names the carriers but not VA.gov's exact URLs.
 */
export const CARRIERS = {
  USPS: { name: 'USPS', url: (n: string) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}` },
  UPS: { name: 'UPS', url: (n: string) => `https://www.ups.com/track?tracknum=${n}` },
  FEDEX: { name: 'FedEx', url: (n: string) => `https://www.fedex.com/fedextrack/?trknbr=${n}` },
  DHL: { name: 'DHL', url: (n: string) => `https://www.dhl.com/us-en/home/tracking/tracking-express.html?tracking-id=${n}` },
} as const;
export type CarrierCode = keyof typeof CARRIERS;

/** Normalise what dispense messages carry ("ups", "Fed Ex", "FEDEX GROUND", "U.S.P.S.") to a known carrier. */
export function carrierCode(carrier: string | null | undefined): CarrierCode | null {
  const c = (carrier ?? '').toUpperCase().replace(/[^A-Z]/g, '');
  if (!c) return null;
  if (c.startsWith('USPS') || c.startsWith('USPOSTAL') || c === 'POSTAL') return 'USPS';
  if (c.startsWith('UPS')) return 'UPS';
  if (c.startsWith('FEDEX') || c.startsWith('FEDERALEXPRESS')) return 'FEDEX';
  if (c.startsWith('DHL')) return 'DHL';
  return null;
}

/** The carrier's public tracking page for this number, or null for an unknown carrier or an empty number. */
export function carrierTrackingUrl(carrier: string | null | undefined, trackingNumber: string): string | null {
  const code = carrierCode(carrier);
  const n = trackingNumber.trim();
  if (!code || !/^[A-Za-z0-9-]+$/.test(n)) return null;
  return CARRIERS[code].url(encodeURIComponent(n));
}

/** Display name ("FedEx") for a known carrier, else the carrier as received (or null). */
export function carrierDisplayName(carrier: string | null | undefined): string | null {
  const code = carrierCode(carrier);
  return code ? CARRIERS[code].name : (carrier?.trim() || null);
}
