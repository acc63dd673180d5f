/** v2 send schema (A3): each rule's message, table-driven, for email and sms. */
import { describe, expect, it } from 'vitest';
import { validateSend } from './validate.js';

const T = '5b7a1c3e-9a52-4c8e-8d1e-2f0a6b3c7d41';

describe('validateSend email', () => {
  it.each<[string, unknown, string[]]>([
    ['minimal valid', { template_id: T, email_address: 'a@example.com' }, []],
    ['valid by identifier', { template_id: T, recipient_identifier: { id_type: 'ICN', id_value: '1012345678V123456' } }, []],
    [
      'all optional fields',
      {
        template_id: T,
        email_address: 'a@example.com',
        personalisation: {},
        reference: 'r',
        billing_code: null,
        callback_url: 'https://x.example/cb',
        scheduled_for: null,
      },
      [],
    ],
    ['not an object', ['x'], ['Payload is not a dictionary.']],
    ['no template_id', { email_address: 'a@example.com' }, ['template_id is a required property']],
    ['bad template_id', { template_id: 'abc', email_address: 'a@example.com' }, ['template_id is not a valid UUID']],
    ['no recipient', { template_id: T }, ['Please provide either an email address or a recipient identifier']],
    ['bad e-mail', { template_id: T, email_address: 'not-an-email' }, ['email_address Not a valid email address']],
    [
      'email_reply_to_id (removed by VA)',
      { template_id: T, email_address: 'a@example.com', email_reply_to_id: '00000000-0000-4000-8000-000000000000' },
      ['Additional properties are not allowed (email_reply_to_id was unexpected)'],
    ],
    [
      'GOV.UK one_click_unsubscribe_url',
      { template_id: T, email_address: 'a@example.com', one_click_unsubscribe_url: 'https://x' },
      ['Additional properties are not allowed (one_click_unsubscribe_url was unexpected)'],
    ],
    [
      'sms_sender_id on email',
      { template_id: T, email_address: 'a@example.com', sms_sender_id: T },
      ['Additional properties are not allowed (sms_sender_id was unexpected)'],
    ],
    ['identifier without id_value', { template_id: T, recipient_identifier: { id_type: 'ICN' } }, ['recipient_identifier id_value is a required property']],
    ['identifier without id_type', { template_id: T, recipient_identifier: { id_value: '1' } }, ['recipient_identifier id_type is a required property']],
    [
      'personalisation not an object',
      { template_id: T, email_address: 'a@example.com', personalisation: 'not_a_dict' },
      ['personalisation not_a_dict is not of type object'],
    ],
    [
      'http callback',
      { template_id: T, email_address: 'a@example.com', callback_url: 'http://x.example/cb' },
      ['callback_url http://x.example/cb does not match ^https'],
    ],
    [
      'several problems, all reported',
      { email_address: 'nope', extra: 1 },
      ['Additional properties are not allowed (extra was unexpected)', 'template_id is a required property', 'email_address Not a valid email address'],
    ],
  ])('%s', (_name, body, errors) => {
    expect(validateSend('email', body)).toEqual(errors);
  });

  it('allowHttpCallbacks (stand-in only) lets http callback URLs through, still not other schemes', () => {
    expect(
      validateSend('email', { template_id: T, email_address: 'a@example.com', callback_url: 'http://127.0.0.1:1/cb' }, { allowHttpCallbacks: true }),
    ).toEqual([]);
    expect(validateSend('email', { template_id: T, email_address: 'a@example.com', callback_url: 'ftp://x/cb' }, { allowHttpCallbacks: true })).toEqual([
      'callback_url ftp://x/cb does not match ^https',
    ]);
  });
});

describe('validateSend sms', () => {
  it.each<[string, unknown, string[]]>([
    ['valid', { template_id: T, phone_number: '+16502532222' }, []],
    ['no recipient (note the trailing period)', { template_id: T }, ['Please provide either a phone number or recipient identifier.']],
    ['bad number', { template_id: T, phone_number: '12' }, ['phone_number Not a valid number']],
    [
      'email_address on sms',
      { template_id: T, phone_number: '+16502532222', email_address: 'a@example.com' },
      ['Additional properties are not allowed (email_address was unexpected)'],
    ],
  ])('%s', (_name, body, errors) => {
    expect(validateSend('sms', body)).toEqual(errors);
  });
});
