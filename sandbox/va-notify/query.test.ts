/** GET query validation with VA Notify's messages (get_notifications_request & co.). */
import { describe, expect, it } from 'vitest';
import { parseNotificationListQuery, parseReceivedTextsQuery, parseTemplateListQuery } from './query.js';

const STATUSES =
  '[cancelled, created, sending, sent, delivered, pending, failed, temporary-failure, permanent-failure, pending-virus-check, validation-failed, virus-scan-failed, returned-letter, pii-check-failed, accepted, received]';
const ID = '4d7a1a55-1111-4222-8333-444444444444';

describe('GET /v2/notifications query', () => {
  it.each<[string, Record<string, string | string[]>, string[]]>([
    ['unknown status', { status: 'bogus' }, [`status bogus is not one of ${STATUSES}`]],
    ['one bad value among repeated statuses', { status: ['delivered', 'deliverd'] }, [`status deliverd is not one of ${STATUSES}`]],
    ['unknown template type', { template_type: 'bogus' }, ['template_type bogus is not one of [sms, email, letter]']],
    ['older_than not a UUID', { older_than: 'xyz' }, ['older_than is not a valid UUID']],
    ['include_jobs not true/True', { include_jobs: 'yes' }, ['include_jobs yes is not one of [true, True]']],
    ['one unknown parameter', { refrence: 'x' }, ['Additional properties are not allowed (refrence was unexpected)']],
    ['two unknown parameters, in request order', { b: '1', a: '2' }, ['Additional properties are not allowed (b, a were unexpected)']],
    [
      'every rule at once, properties first, duplicates once',
      { status: ['x', 'x'], template_type: 'letterr', older_than: '1', foo: '' },
      [
        `status x is not one of ${STATUSES}`,
        'template_type letterr is not one of [sms, email, letter]',
        'older_than is not a valid UUID',
        'Additional properties are not allowed (foo was unexpected)',
      ],
    ],
  ])('%s → 400 messages', (_name, q, errors) => {
    expect(parseNotificationListQuery(q)).toEqual({ ok: false, errors });
  });

  it('accepts every documented filter; repeated status/template_type stay lists, the rest take the first value', () => {
    expect(
      parseNotificationListQuery({ reference: ['r1', 'r2'], status: ['failed', 'delivered'], template_type: 'email', include_jobs: 'True', older_than: ID }),
    ).toEqual({
      ok: true,
      value: { reference: 'r1', status: ['failed', 'delivered'], template_type: ['email'], include_jobs: 'True', older_than: ID },
    });
    expect(parseNotificationListQuery({})).toEqual({
      ok: true,
      value: { reference: undefined, status: undefined, template_type: undefined, include_jobs: undefined, older_than: undefined },
    });
  });
});

describe('GET /v2/templates and /v2/received-text-messages queries', () => {
  it('templates: type is one of sms|email|letter, nothing else is allowed', () => {
    expect(parseTemplateListQuery({ type: 'email' })).toEqual({ ok: true, type: 'email' });
    expect(parseTemplateListQuery({})).toEqual({ ok: true, type: undefined });
    expect(parseTemplateListQuery({ type: 'push' })).toEqual({ ok: false, errors: ['type push is not one of [sms, email, letter]'] });
    expect(parseTemplateListQuery({ template_type: 'sms' })).toEqual({
      ok: false,
      errors: ['Additional properties are not allowed (template_type was unexpected)'],
    });
  });

  it('received texts: only older_than, a UUID', () => {
    expect(parseReceivedTextsQuery({ older_than: ID })).toEqual({ ok: true, olderThan: ID });
    expect(parseReceivedTextsQuery({ older_than: 'nope' })).toEqual({ ok: false, errors: ['older_than is not a valid UUID'] });
    expect(parseReceivedTextsQuery({ page: '2' })).toEqual({ ok: false, errors: ['Additional properties are not allowed (page was unexpected)'] });
  });
});
