/**
 * Carrier codes as CMOP sends them (ZR2-1 / "Delivery Service": "USPS", "CTC-USPS", "FEDEX", …) →
 * what a Veteran sees: the carrier's name and, for the carriers VA.gov links (TrackingInfo.jsx:
 * DHL, FedEx, UPS, USPS), a "track your package" link. Shared by the server (e-mail, tracking API)
 * and the web app. Raw codes never reach a Veteran: an unknown code reads "the carrier", no link.
 *
 * The link URLs are not in ../shared/reference (it names the carriers, not the URLs): these are the
 * carriers' public tracking pages as vets-website's mhv-medications tracking config uses them, from
 * memory — to confirm against vets-website before production.
 */
export interface CarrierDisplay {
  /** Display name, or null when the code is not a carrier we know. */
  name: string | null;
  /** Carrier tracking page for this number (DHL, FedEx, UPS, USPS only), else null. */
  trackingUrl: string | null;
}

const KNOWN: Record<string, { name: string; url: string | null }> = {
  USPS: { name: 'USPS', url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=' },
  UPS: { name: 'UPS', url: 'https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=' },
  FEDEX: { name: 'FedEx', url: 'https://www.fedex.com/fedextrack/?tracknumbers=' },
  DHL: { name: 'DHL', url: 'http://webtrack.dhlglobalmail.com/?trackingnumber=' },
  ONTRAC: { name: 'OnTrac', url: null },
  LSO: { name: 'LSO', url: null },
};

/** "CTC-USPS", "usps", " FedEx " → the KNOWN key, or null. */
export function carrierKey(code: string | null | undefined): string | null {
  const k = (code ?? '').trim().toUpperCase().replace(/^CTC[-_ ]?/, '').replace(/[^A-Z]/g, '');
  return k in KNOWN ? k : null;
}

export function carrierDisplay(code: string | null | undefined, trackingNumber: string | null | undefined): CarrierDisplay {
  const key = carrierKey(code);
  const known = key ? KNOWN[key]! : null;
  const number = (trackingNumber ?? '').trim();
  return {
    name: known?.name ?? null,
    trackingUrl: known?.url && /^[A-Za-z0-9-]{1,60}$/.test(number) ? `${known.url}${encodeURIComponent(number)}` : null,
  };
}
