/** Medications HTTP routes. Veterans only; every query is scoped to the signed-in patient. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.js';
import { requirePatient } from '../identity/index.js';
import { notFound } from '../platform/http/errors.js';
import { findPrescription, listFills, listPrescriptions } from './medications.dao.js';
import { toMedication } from './medication-view.js';
import { requestRefills } from './refills.js';
import { latestTracking } from '../tracking/index.js';
import { medicationDetailResponse, medicationListResponse, prescriptionIdParams, refillRequestBody, refillResponse } from './schemas.js';

/**
 * Whether this Veteran sees the renewal link, decided by the staged rollout (owned by monitoring,
 * a floor above): the server passes it in, so medications does not import monitoring.
 */
export type RenewalLinkDecision = (ctx: AppContext, userId: string) => Promise<{ enabled: boolean; variant: 'treatment' | 'control' | 'off' }>;

export async function medicationRoutes(app: FastifyInstance, { ctx, renewalLink }: { ctx: AppContext; renewalLink: RenewalLinkDecision }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const view = (row: Parameters<typeof toMedication>[0]) => toMedication(row, ctx.clock.today(), ctx.config.RENEWAL_WINDOW_DAYS);

  r.get('/api/medications', {
    config: { auth: 'veteran' },
    schema: {
      tags: ['medications'],
      summary: "The signed-in Veteran's prescriptions with refill/renewal eligibility",
      response: { 200: medicationListResponse },
    },
  }, async (req) => {
    const patientId = requirePatient(req);
    const [rows, link] = await Promise.all([listPrescriptions(ctx.db, patientId), renewalLink(ctx, req.user!.id)]);
    return { medications: rows.map(view), renewalLinkEnabled: link.enabled, rolloutVariant: link.variant };
  });

  r.get('/api/medications/:id', {
    config: { auth: 'veteran' },
    schema: {
      tags: ['medications'],
      summary: 'One prescription with its fills',
      params: prescriptionIdParams,
      response: { 200: medicationDetailResponse },
    },
  }, async (req) => {
    const patientId = requirePatient(req);
    const row = await findPrescription(ctx.db, patientId, req.params.id);
    if (!row) throw notFound('Prescription');
    const [fills, tracking, link] = await Promise.all([listFills(ctx.db, row.id), latestTracking(ctx.db, patientId, row.station_number, row.rx_number), renewalLink(ctx, req.user!.id)]);
    return {
      ...view(row),
      renewalLinkEnabled: link.enabled,
      rolloutVariant: link.variant,
      tracking,
      fills: fills.map((f) => ({ fillNumber: f.fill_number, fillDate: f.fill_date, quantity: Number(f.quantity) })),
    };
  });

  r.post('/api/medications/refills', {
    config: { auth: 'veteran' },
    schema: {
      tags: ['medications'],
      summary: 'Request refills of refillable prescriptions (all or nothing)',
      body: refillRequestBody,
      response: { 201: refillResponse },
    },
  }, async (req, reply) => {
    const patientId = requirePatient(req);
    const submitted = await requestRefills(ctx, patientId, req.body.prescriptionIds);
    return reply.status(201).send({ submitted });
  });
}
