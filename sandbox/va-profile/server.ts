/**
 * VA Profile stand-in: the v3 profile read VA Notify uses (A10 step 3) and a simplified MPI lookup.
 *
 *   POST /profile-service/profile/v3/2.16.840.1.113883.4.349/{vaProfileId}^PI^200VETS^USDVA
 *        body {"bios":[{"bioPath":"contactInformation"},{"bioPath":"communicationPermissions"}]}
 *        → {"profile":{"contactInformation":{"emails":[…],"telephones":[…]},"communicationPermissions":[…]}}
 *        404 for an unknown id. Only the requested bios are returned.
 *   GET  /mpi/v1/{id_type}/{id_value} → {"vaProfileId": n, "deceased": bool}; 404 when unknown.
 *        SIMPLIFIED: the real MPI is a SOAP/FHIR service with its own correlation-id format
 *        (`{value}^NI^200M^USVHA` for ICN …); VA Notify's code talks to it, we only reproduce the
 *        answer it needs (identifier → VA Profile id, deceased flag).
 *   GET  /_sandbox/profiles, PUT /_sandbox/faults {error500Rate, timeoutRate, timeoutMs}  (stand-in only)
 * Mutual TLS (required by real VA Profile) is not reproduced locally.
 */
import { HungReplies } from '../hung-replies.js';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { SandboxProfile } from './data.js';

export interface ProfileFaults {
  error500Rate: number;
  timeoutRate: number;
  timeoutMs: number;
}

export interface VaProfileSandbox {
  app: FastifyInstance;
  profiles: SandboxProfile[];
  faults: ProfileFaults;
  counters: { requests: number; injectedFaults: number };
}

/** Which identifier field of a profile each MPI id_type matches (the others are not modelled). */
const ID_FIELD: Record<string, (p: SandboxProfile) => string | undefined> = {
  ICN: (p) => p.icn,
  VAPROFILEID: (p) => String(p.vaProfileId),
  EDIPI: (p) => p.edipi,
  PID: (p) => p.participantId,
  BIRLSID: (p) => p.birlsId,
};

export function buildVaProfileSandbox(profiles: SandboxProfile[], opts: { faults?: Partial<ProfileFaults>; random?: () => number } = {}): VaProfileSandbox {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const faults: ProfileFaults = { error500Rate: 0, timeoutRate: 0, timeoutMs: 10_000, ...opts.faults };
  const random = opts.random ?? Math.random;
  const counters = { requests: 0, injectedFaults: 0 };
  const hung = new HungReplies(app);
  /** Returns a reply when a fault was injected. */
  const injectFault = (reply: FastifyReply): FastifyReply | null => {
    counters.requests += 1;
    const r = random();
    if (r < faults.error500Rate + faults.timeoutRate) counters.injectedFaults += 1;
    if (r < faults.error500Rate)
      return reply.status(500).send({ messages: [{ code: 'CORE100', key: 'InternalServerError', text: 'Internal server error', severity: 'FATAL' }] });
    if (r < faults.error500Rate + faults.timeoutRate) return hung.hold(reply, faults.timeoutMs);
    return null;
  };

  app.get('/mpi/v1/:idType/:idValue', async (req, reply) => {
    const injected = injectFault(reply);
    if (injected) return injected;
    const { idType, idValue } = req.params as { idType: string; idValue: string };
    const field = ID_FIELD[idType];
    const p = field ? profiles.find((x) => field(x) === idValue) : undefined;
    if (!p) return reply.status(404).send({ message: 'Identifier not found' });
    return { vaProfileId: p.vaProfileId, deceased: p.deceased ?? false };
  });

  app.post('/profile-service/profile/v3/:oid/:subject', async (req, reply) => {
    const injected = injectFault(reply);
    if (injected) return injected;
    const { oid, subject } = req.params as { oid: string; subject: string };
    const m = /^(\d+)\^PI\^200VETS\^USDVA$/.exec(subject);
    if (oid !== '2.16.840.1.113883.4.349' || !m)
      return reply
        .status(400)
        .send({ messages: [{ code: 'INVALID_ID', text: 'Identifier must be {vaProfileId}^PI^200VETS^USDVA under OID 2.16.840.1.113883.4.349' }] });
    const p = profiles.find((x) => x.vaProfileId === Number(m[1]));
    if (!p) return reply.status(404).send({ messages: [{ code: 'NOT_FOUND', text: 'Profile not found' }] });
    const bios = ((req.body as { bios?: Array<{ bioPath: string }> } | undefined)?.bios ?? []).map((b) => b.bioPath);
    return {
      profile: {
        ...(bios.includes('contactInformation') ? { contactInformation: { emails: p.emails, telephones: p.telephones } } : {}),
        ...(bios.includes('communicationPermissions') ? { communicationPermissions: p.communicationPermissions } : {}),
      },
    };
  });

  app.get('/_sandbox/profiles', async () => ({ profiles }));
  app.put('/_sandbox/faults', async (req, reply) => {
    const body = req.body as Record<string, unknown> | null;
    for (const [k, v] of Object.entries(body ?? {})) {
      if (!(k in faults) || typeof v !== 'number' || v < 0 || (k !== 'timeoutMs' && v > 1))
        return reply.status(400).send({ message: `${k}: not a fault setting or out of range` });
    }
    return Object.assign(faults, body);
  });
  return { app, profiles, faults, counters };
}
