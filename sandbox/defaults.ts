/**
 * The local stand-ins' fixed identities, shared by the stand-ins and the default configuration so
 * `npm start` works with no set-up. None of these are real credentials.
 */
export const SANDBOX_SERVICE_ID = '8c1e1f6a-2b7d-4c55-9a3e-6f1d2c3b4a50';
export const SANDBOX_KEY_SECRET = '3f7d9c2e-5a1b-4e8f-9d6c-0b2a4e6f8c1d';
export const SANDBOX_API_KEY = `rxbridge-local-${SANDBOX_SERVICE_ID}-${SANDBOX_KEY_SECRET}`;
export const SANDBOX_CALLBACK_TOKEN = 'local-callback-bearer-token-not-a-secret';
export const SANDBOX_AAL_API_KEY = 'local-aal-api-key';

export const RX_SHIPMENT_TEMPLATE_ID = '5b7a1c3e-9a52-4c8e-8d1e-2f0a6b3c7d41';
export const SM_NEW_MESSAGE_TEMPLATE_ID = '9e3f4a2b-1c7d-4e8f-a6b5-0d2c1e3f4a5b';
