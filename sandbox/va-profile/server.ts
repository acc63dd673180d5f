/**
 * VA Profile stand-in: the v3 profile read VA Notify uses (A10 step 3), and a simplified MPI
 * lookup (identifier → VA Profile id) standing in for MPI's real interface, which VA Notify calls
 * before VA Profile. Mutual TLS is not reproduced locally.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxProfile } from './data.js';

export function buildVaProfileSandbox(profiles: SandboxProfile[]): { app: FastifyInstance; profiles: SandboxProfile[] } {
  const app = Fastify({ logger: false, forceCloseConnections: true });

  // Simplified MPI: GET /mpi/v1/{id_type}/{id_value} → { vaProfileId, deceased }.
  app.get('/mpi/v1/:idType/:idValue', async (req, reply) => {
    const { idType, idValue } = req.params as { idType: string; idValue: string };
    const p = profiles.find((x) => (idType === 'ICN' && x.icn === idValue) || (idType === 'VAPROFILEID' && String(x.vaProfileId) === idValue));
    if (!p) return reply.status(404).send({ message: 'Identifier not found' });
    return { vaProfileId: p.vaProfileId, deceased: p.deceased ?? false };
  });

  app.post('/profile-service/profile/v3/:oid/:subject', async (req, reply) => {
    const { oid, subject } = req.params as { oid: string; subject: string };
    const m = /^(\d+)\^PI\^200VETS\^USDVA$/.exec(subject);
    if (oid !== '2.16.840.1.113883.4.349' || !m) return reply.status(400).send({ messages: [{ code: 'INVALID_ID', text: 'Identifier must be {vaProfileId}^PI^200VETS^USDVA' }] });
    const p = profiles.find((x) => x.vaProfileId === Number(m[1]));
    if (!p) return reply.status(404).send({ messages: [{ code: 'NOT_FOUND', text: 'Profile not found' }] });
    const bios = ((req.body as { bios?: Array<{ bioPath: string }> })?.bios ?? []).map((b) => b.bioPath);
    return {
      profile: {
        ...(bios.includes('contactInformation') ? { contactInformation: { emails: p.emails, telephones: p.telephones } } : {}),
        ...(bios.includes('communicationPermissions') ? { communicationPermissions: p.communicationPermissions } : {}),
      },
    };
  });
  return { app, profiles };
}
