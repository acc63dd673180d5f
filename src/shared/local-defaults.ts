/**
 * Fixed identities for local runs, shared by the stand-ins (sandbox/), the app's default
 * configuration and the demo data, so `npm start` works with no set-up and the stand-ins never
 * import app internals. None of these are real credentials; every person is fictitious.
 */
export const SANDBOX_SERVICE_ID = '8c1e1f6a-2b7d-4c55-9a3e-6f1d2c3b4a50';
export const SANDBOX_KEY_SECRET = '3f7d9c2e-5a1b-4e8f-9d6c-0b2a4e6f8c1d';
export const SANDBOX_API_KEY = `rxbridge-local-${SANDBOX_SERVICE_ID}-${SANDBOX_KEY_SECRET}`;
export const SANDBOX_CALLBACK_TOKEN = 'local-callback-bearer-token-not-a-secret';
export const SANDBOX_AAL_API_KEY = 'local-aal-api-key';

export const RX_SHIPMENT_TEMPLATE_ID = '5b7a1c3e-9a52-4c8e-8d1e-2f0a6b3c7d41';
export const SM_NEW_MESSAGE_TEMPLATE_ID = '9e3f4a2b-1c7d-4e8f-a6b5-0d2c1e3f4a5b';

/** Extra keys of the sandbox service (VA Notify key types team and test, A2/A12). */
export const SANDBOX_TEAM_KEY_SECRET = '6a0c2e4f-8b1d-4f3a-9c5e-7d9f1b3a5c7e';
export const SANDBOX_TEST_KEY_SECRET = '0d2f4b6c-1e3a-4c5b-8d7f-9a1b3c5d7e9f';
export const SANDBOX_TEAM_API_KEY = `rxbridge-team-${SANDBOX_SERVICE_ID}-${SANDBOX_TEAM_KEY_SECRET}`;
export const SANDBOX_TEST_API_KEY = `rxbridge-test-${SANDBOX_SERVICE_ID}-${SANDBOX_TEST_KEY_SECRET}`;
/** The only recipients the team key may send to directly. */
export const SANDBOX_TEAM_RECIPIENTS = ['delivered@simulator.notify', 'rxbridge-team@example.com'];
/** SMS variant of the Rx shipment template (same communication item 4), so the sms path can be exercised. */
export const RX_SHIPMENT_SMS_TEMPLATE_ID = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

/** Demo facilities and people: the app's demo data and the VA Profile stand-in agree on them. */
export const DEMO_FACILITIES = [
  { station_number: '442', name: 'Cheyenne VA Medical Center', phone: '307-778-7550', city: 'Cheyenne', state: 'WY' },
  { station_number: '554', name: 'Rocky Mountain Regional VA Medical Center', phone: '303-399-8020', city: 'Aurora', state: 'CO' },
  // An Oracle Health (Cerner) site: VA.gov shows its renewal link only for such stations today.
  { station_number: '668', name: 'Mann-Grandstaff VA Medical Center', phone: '509-434-7000', city: 'Spokane', state: 'WA', ehr: 'oracle_health' as const },
];

export const DEMO_PATIENTS = [
  {
    key: 'alex',
    icn: '1012345678V123456',
    first_name: 'Alex',
    last_name: 'Morgan',
    email: 'alex.morgan@example.com',
    va_profile_id: 1001,
    mhv_correlation_id: 5001,
  },
  {
    key: 'jordan',
    icn: '1098765432V654321',
    first_name: 'Jordan',
    last_name: 'Rivera',
    email: 'jordan.rivera@example.com',
    va_profile_id: 1002,
    mhv_correlation_id: 5002,
  },
  {
    key: 'casey',
    icn: '1055555555V555555',
    first_name: 'Casey',
    last_name: 'Nguyen',
    email: 'casey.nguyen@example.com',
    va_profile_id: 1003,
    mhv_correlation_id: 5003,
  },
  // About 40 prescriptions at a VistA and an Oracle Health site: paging, filters and sorts are real.
  {
    key: 'sam',
    icn: '1077777777V777777',
    first_name: 'Sam',
    last_name: 'Taylor',
    email: 'sam.taylor@example.com',
    va_profile_id: 1004,
    mhv_correlation_id: 5004,
  },
] as const;

export const DEMO_CLINICIANS = [
  { key: 'shah', first_name: 'Priya', last_name: 'Shah', title: 'MD', email: 'priya.shah@example.va.gov' },
  { key: 'lee', first_name: 'Marcus', last_name: 'Lee', title: 'PharmD', email: 'marcus.lee@example.va.gov' },
  { key: 'brooks', first_name: 'Dana', last_name: 'Brooks', title: 'RN', email: 'dana.brooks@example.va.gov' },
] as const;
