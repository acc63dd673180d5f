/** VA Profile stand-in (A10 step 3) and its simplified MPI lookup, over real HTTP. */
import { describe, expect, it } from 'vitest';
import { useSandboxes } from '../../test/helpers/sandboxes.js';

const s = useSandboxes();
const BIOS = { bios: [{ bioPath: 'contactInformation' }, { bioPath: 'communicationPermissions' }] };
const read = async (subject: string, body: unknown = BIOS, oid = '2.16.840.1.113883.4.349') => {
  const res = await fetch(`${s.profileUrl}/profile-service/profile/v3/${oid}/${encodeURIComponent(subject)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};

describe('VA Profile v3 read', () => {
  it('returns contact information and communication permissions with VA Profile’s field names', async () => {
    const { status, body } = await read('1002^PI^200VETS^USDVA');
    expect(status).toBe(200);
    expect(body.profile.contactInformation.emails).toContainEqual({ emailAddressText: 'jordan.rivera@example.com', createDate: expect.any(String) });
    expect(body.profile.contactInformation.telephones).toEqual([]);
    expect(body.profile.communicationPermissions).toEqual([{ communicationChannelId: 2, communicationItemId: 4, allowed: false }]);
  });

  it('returns only the bios asked for', async () => {
    const { body } = await read('1001^PI^200VETS^USDVA', { bios: [{ bioPath: 'communicationPermissions' }] });
    expect(Object.keys(body.profile)).toEqual(['communicationPermissions']);
  });

  it.each([
    ['unknown id', '424242^PI^200VETS^USDVA', undefined, 404],
    ['wrong suffix', '1001^NI^200M^USVHA', undefined, 400],
    ['wrong OID', '1001^PI^200VETS^USDVA', '2.16.840.1.113883.3.42.10001.100001.12', 400],
  ])('%s → %i', async (_n, subject, oid, status) => {
    expect((await read(subject, BIOS, oid)).status).toBe(status);
  });
});

describe('simplified MPI lookup', () => {
  it.each([
    ['ICN', '1012345678V123456', 200, { vaProfileId: 1001, deceased: false }],
    ['VAPROFILEID', '1003', 200, { vaProfileId: 1003, deceased: false }],
    ['ICN', '1000000004V000004', 200, { vaProfileId: 9004, deceased: true }],
    ['ICN', '1999999999V999999', 404, { message: 'Identifier not found' }],
    ['PID', '1', 404, { message: 'Identifier not found' }],
  ])('%s %s → %i', async (type, value, status, body) => {
    const res = await fetch(`${s.profileUrl}/mpi/v1/${type}/${value}`);
    expect({ status: res.status, body: await res.json() }).toEqual({ status, body });
  });
});
