/** Medications HTTP routes. Veterans only; every query is scoped to the signed-in patient. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.js';
import { requirePatient } from '../identity/index.js';
import { notFound } from '../platform/http/errors.js';
import { findPatientName, findPrescription, listFills, listPage, listPrescriptions, type PrescriptionRow } from './medications.dao.js';
import { toMedication, type ViewSettings } from './medication-view.js';
import { requestRefills } from './refills.js';
import { latestShipDates, latestTracking } from '../tracking/index.js';
import { detailDocument, listDocument, renderText, type ExportDocument } from './export/export-document.js';
import { renderPdf } from './export/export-pdf.js';
import {
  detailExportQuery,
  listExportQuery,
  listQuery,
  medicationDetailResponse,
  medicationListResponse,
  prescriptionIdParams,
  refillableResponse,
  refillRequestBody,
  refillResponse,
} from './schemas.js';

/**
 * Whether this Veteran sees the renewal link, decided by the staged rollout (owned by monitoring,
 * a floor above): the server passes it in, so medications does not import monitoring. Given the
 * request, so the decision is made once per request (the flow attribution reads it too).
 */
export type RenewalLinkDecision = (ctx: AppContext, req: FastifyRequest) => Promise<{ enabled: boolean; variant: 'treatment' | 'control' | 'off' }>;

export async function medicationRoutes(app: FastifyInstance, { ctx, renewalLink }: { ctx: AppContext; renewalLink: RenewalLinkDecision }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const settings = (): ViewSettings => ({
    today: ctx.clock.today(),
    renewalWindowDays: ctx.config.RENEWAL_WINDOW_DAYS,
    renewalLinkSources: ctx.config.RENEWAL_LINK_SOURCES,
  });
  const key = (row: PrescriptionRow) => `${row.station_number}:${row.rx_number}`;
  async function views(patientId: string, rows: PrescriptionRow[]) {
    const shipped = await latestShipDates(
      ctx.db,
      patientId,
      rows.map((x) => ({ stationNumber: x.station_number, rxNumber: x.rx_number })),
    );
    const s = settings();
    return rows.map((row) => toMedication(row, s, shipped.get(key(row)) ?? null));
  }
  async function detail(patientId: string, row: PrescriptionRow) {
    const [fills, tracking] = await Promise.all([listFills(ctx.db, row.id), latestTracking(ctx.db, patientId, row.station_number, row.rx_number)]);
    return {
      ...toMedication(row, settings(), tracking?.shippedAt ?? null),
      tracking,
      fills: fills.map((f) => ({ fillNumber: f.fill_number, fillDate: f.fill_date, quantity: Number(f.quantity) })),
    };
  }
  async function sendExport(
    reply: FastifyReply,
    patientId: string,
    format: 'pdf' | 'txt' | 'print',
    build: (who: { firstName: string; lastName: string; now: Date }) => ExportDocument,
  ) {
    const name = await findPatientName(ctx.db, patientId);
    const now = ctx.clock.now();
    const doc = build({ firstName: name.first_name, lastName: name.last_name, now });
    reply.header('cache-control', 'no-store');
    if (format === 'print') return reply.send(doc);
    if (format === 'txt') {
      return reply.header('content-disposition', `attachment; filename="${doc.fileBase}.txt"`).type('text/plain; charset=utf-8').send(renderText(doc));
    }
    const pdf = await renderPdf(doc, now);
    return reply.header('content-disposition', `attachment; filename="${doc.fileBase}.pdf"`).type('application/pdf').send(pdf);
  }

  r.get(
    '/api/medications',
    {
      config: { auth: 'veteran' },
      schema: {
        tags: ['medications'],
        summary:
          "One page of the signed-in Veteran's prescriptions (VA.gov filter and sort, 10 per page) with refill/renewal eligibility and counts per filter",
        querystring: listQuery,
        response: { 200: medicationListResponse },
      },
    },
    async (req) => {
      const patientId = requirePatient(req);
      const { filter, sort, page, perPage } = req.query;
      const today = ctx.clock.today();
      const window = ctx.config.RENEWAL_WINDOW_DAYS;
      // One statement for the page, its ship dates and the counts per filter; the rollout decision
      // (cached per process) beside it.
      const [{ rows, filterCounts }, link] = await Promise.all([
        listPage(ctx.db, patientId, { filter, sort, today, renewalWindowDays: window, page: { limit: perPage, offset: (page - 1) * perPage } }),
        renewalLink(ctx, req),
      ]);
      const total = filterCounts[filter];
      const s = settings();
      return {
        medications: rows.map((row) => toMedication(row, s, row.shipped_at ? new Date(row.shipped_at).toISOString() : null)),
        meta: { sort, filter, page, perPage, total, totalPages: Math.max(1, Math.ceil(total / perPage)), filterCounts },
        renewalLinkEnabled: link.enabled,
        rolloutVariant: link.variant,
      };
    },
  );

  r.get(
    '/api/medications/refillable',
    {
      config: { auth: 'veteran' },
      schema: { tags: ['medications'], summary: 'Every refillable prescription, by name (refill page)', response: { 200: refillableResponse } },
    },
    async (req) => {
      const patientId = requirePatient(req);
      const rows = await listPrescriptions(ctx.db, patientId, {
        filter: 'active',
        sort: 'alphabetical-rx-name',
        today: ctx.clock.today(),
        renewalWindowDays: ctx.config.RENEWAL_WINDOW_DAYS,
      });
      const meds = await views(patientId, rows);
      return { medications: meds.filter((m) => m.eligibility.refillable) };
    },
  );

  r.get(
    '/api/medications/export',
    {
      config: { auth: 'veteran' },
      schema: {
        tags: ['medications'],
        summary: 'The filtered list, all pages, as a PDF, a text file, or the print document (format=print, JSON)',
        querystring: listExportQuery,
      },
    },
    async (req, reply) => {
      const patientId = requirePatient(req);
      const { filter, sort, format } = req.query;
      const rows = await listPrescriptions(ctx.db, patientId, { filter, sort, today: ctx.clock.today(), renewalWindowDays: ctx.config.RENEWAL_WINDOW_DAYS });
      const meds = await views(patientId, rows);
      return sendExport(reply, patientId, format, (who) => listDocument(meds, filter, sort, who));
    },
  );

  r.get(
    '/api/medications/:id',
    {
      config: { auth: 'veteran' },
      schema: {
        tags: ['medications'],
        summary: 'One prescription with its fills and latest package',
        params: prescriptionIdParams,
        response: { 200: medicationDetailResponse },
      },
    },
    async (req) => {
      const patientId = requirePatient(req);
      const row = await findPrescription(ctx.db, patientId, req.params.id);
      if (!row) throw notFound('Prescription');
      const [d, link] = await Promise.all([detail(patientId, row), renewalLink(ctx, req)]);
      return { ...d, renewalLinkEnabled: link.enabled, rolloutVariant: link.variant };
    },
  );

  r.get(
    '/api/medications/:id/export',
    {
      config: { auth: 'veteran' },
      schema: {
        tags: ['medications'],
        summary: 'One prescription as a PDF, a text file, or the print document (format=print, JSON)',
        params: prescriptionIdParams,
        querystring: detailExportQuery,
      },
    },
    async (req, reply) => {
      const patientId = requirePatient(req);
      const row = await findPrescription(ctx.db, patientId, req.params.id);
      if (!row) throw notFound('Prescription');
      const d = await detail(patientId, row);
      return sendExport(reply, patientId, req.query.format, (who) => detailDocument({ ...d, renewalLinkEnabled: false, rolloutVariant: 'off' }, who));
    },
  );

  r.post(
    '/api/medications/refills',
    {
      config: { auth: 'veteran' },
      schema: {
        tags: ['medications'],
        summary: 'Request refills of a set of prescriptions; answered per prescription (submitted, or failed with the reason). 404 when none is the Veteran’s',
        body: refillRequestBody,
        response: { 200: refillResponse },
      },
    },
    async (req) => {
      const patientId = requirePatient(req);
      return requestRefills(ctx, patientId, req.body.prescriptionIds);
    },
  );
}
