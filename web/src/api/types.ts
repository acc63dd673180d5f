/** Response shapes used by the web app (mirroring the server's zod schemas). */
export type Role = 'veteran' | 'care_team' | 'ops';

export interface SessionInfo {
  user: { id: string; role: Role; displayName: string } | null;
  csrfToken: string;
  mockSignIn: boolean;
}

export interface Medication {
  id: string;
  rxNumber: string;
  name: string;
  instructions: string;
  status: string;
  statusLabel: string;
  refillsRemaining: number;
  quantity: number;
  daysSupply: number;
  issueDate: string;
  expirationDate: string;
  lastFillDate: string | null;
  isNonVa: boolean;
  isControlledSubstance: boolean;
  facility: { stationNumber: string; name: string; phone: string };
  prescriber: { name: string } | null;
  eligibility: { refillable: boolean; renewable: boolean; reason: string; reasonText: string };
  renewalUrl: string | null;
}

/** Staged rollout of the renewal link (feature flag rx_renewal_sm_link); the server decides per Veteran. */
export interface RenewalLinkRollout {
  renewalLinkEnabled: boolean;
  rolloutVariant: 'treatment' | 'control' | 'off';
}

export interface MedicationDetail extends Medication, RenewalLinkRollout {
  fills: Array<{ fillNumber: number; fillDate: string; quantity: number }>;
  tracking: {
    trackingNumber: string;
    carrier: string | null;
    trackingUrl: string | null;
    shippedAt: string | null;
    otherPrescriptions: Array<{ rxLast4: string; medicationName: string }>;
  } | null;
}
