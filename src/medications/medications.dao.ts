/** SQL for the Medications feature. Every query is scoped by patient id. */
import { sql, type InferResult, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../platform/db/pool.js';
import { preparedStatement, queryBuilder } from '../platform/db/prepared.js';
import type { MedicationFilter, MedicationSort } from '../shared/api/medications.js';
import { FILTER_STATUSES } from './list-filters.js';
import { latestShipDateSql } from '../tracking/index.js';

export type PrescriptionRow = NonNullable<Awaited<ReturnType<typeof findPrescription>>>;

function prescriptionQuery(db: Db | Tx) {
  return db
    .selectFrom('prescriptions as rx')
    .innerJoin('facilities as f', 'f.station_number', 'rx.station_number')
    .leftJoin('clinicians as c', 'c.id', 'rx.prescriber_id')
    .select([
      'rx.id',
      'rx.patient_id',
      'rx.rx_number',
      'rx.medication_name',
      'rx.instructions',
      'rx.reason_for_use',
      'rx.status',
      'rx.refills_remaining',
      'rx.quantity',
      'rx.days_supply',
      'rx.issue_date',
      'rx.expiration_date',
      'rx.last_fill_date',
      'rx.is_non_va',
      'rx.is_controlled_substance',
      'rx.station_number',
      'rx.prescriber_id',
      'f.name as facility_name',
      'f.phone as facility_phone',
      'f.ehr as facility_ehr',
      'c.first_name as prescriber_first_name',
      'c.last_name as prescriber_last_name',
      'c.title as prescriber_title',
      // VA.gov: "We got your request on <date>" while a refill request is submitted.
      sql<Date | null>`(select max(rr.requested_at) from refill_requests rr where rr.prescription_id = rx.id and rr.status = 'submitted')`.as(
        'refill_submitted_at',
      ),
    ]);
}

const inList = (statuses: readonly string[]) => sql.join(statuses.map((s) => sql.lit(s)));

/**
 * VA.gov's "Renewal needed before refill" in SQL: exactly the prescriptions decideEligibility()
 * marks renewable (held against it row by row in routes.int.test.ts).
 */
function renewablePredicate(today: string, windowDays: number): RawBuilder<boolean> {
  return sql<boolean>`(not rx.is_non_va and rx.last_fill_date is not null and (
      ((rx.status = 'expired' or (rx.status in ('active', 'active_parked') and rx.expiration_date < ${today}::date))
        and rx.expiration_date >= ${today}::date - ${windowDays}::int)
      or (rx.status in ('active', 'active_parked') and rx.expiration_date >= ${today}::date and rx.refills_remaining = 0)))`;
}

function filterPredicate(filter: MedicationFilter, today: string, windowDays: number): RawBuilder<boolean> {
  if (filter === 'all') return sql<boolean>`true`;
  if (filter === 'renewal') return renewablePredicate(today, windowDays);
  return sql<boolean>`rx.status in (${inList(FILTER_STATUSES[filter])})`;
}

/** Label order of VA.gov's "Alphabetically by status", pending prescriptions first (VA.gov sorts them to the top). */
const STATUS_RANK = sql<number>`case
    when rx.status in ('pending_new', 'pending_renewal') then 0
    when rx.status = 'active' and not rx.is_non_va then 1
    when rx.status = 'active' then 2
    when rx.status = 'active_on_hold' then 3
    when rx.status = 'active_parked' then 4
    when rx.status = 'active_refill_in_process' then 5
    when rx.status = 'active_submitted' then 6
    when rx.status = 'active_suspended' then 7
    when rx.status = 'discontinued' then 8
    when rx.status = 'expired' then 9
    when rx.status = 'transferred' then 10
    else 11 end`;
const PENDING_FIRST = sql<number>`case when rx.status in ('pending_new', 'pending_renewal') then 0 else 1 end`;

export interface ListOptions {
  filter: MedicationFilter;
  sort: MedicationSort;
  today: string;
  renewalWindowDays: number;
  /** Omit for every matching row (exports, refill page). */
  page?: { limit: number; offset: number };
}

function listQuery(db: Db | Tx, patientId: string, opts: ListOptions) {
  let q = prescriptionQuery(db)
    .where('rx.patient_id', '=', patientId)
    .where(filterPredicate(opts.filter, opts.today, opts.renewalWindowDays));
  if (opts.sort === 'alphabetical-status') {
    q = q
      .orderBy(STATUS_RANK)
      .orderBy('rx.medication_name')
      .orderBy(sql`rx.last_fill_date desc nulls last`);
  } else if (opts.sort === 'last-fill-date') {
    q = q
      .orderBy(PENDING_FIRST)
      .orderBy(sql`rx.last_fill_date is null`)
      .orderBy(sql`rx.last_fill_date desc`)
      .orderBy('rx.is_non_va')
      .orderBy('rx.medication_name');
  } else {
    q = q
      .orderBy(PENDING_FIRST)
      .orderBy('rx.medication_name')
      .orderBy(sql`rx.last_fill_date desc nulls first`);
  }
  q = q.orderBy('rx.id');
  if (opts.page) q = q.limit(opts.page.limit).offset(opts.page.offset);
  return q;
}

/**
 * The Veteran's prescriptions matching a filter, in a VA.gov sort, optionally one page.
 * Sorts (vets-api V1): by status = status label, name, newest fill; last filled first = filled
 * newest first (ties by name), then unfilled VA, then unfilled non-VA, by name; by name = name,
 * unfilled first, then newest fill. Pending prescriptions come first; id breaks ties so pages never overlap.
 */
export async function listPrescriptions(db: Db | Tx, patientId: string, opts: ListOptions) {
  return listQuery(db, patientId, opts).execute();
}

interface ListPageValues extends Record<string, unknown> {
  patientId: string;
  today: string;
  windowDays: number;
  limit: number;
  offset: number;
}

type ListShape = { filter: MedicationFilter; sort: MedicationSort };
type Param = <K extends keyof ListPageValues & string>(name: K) => ListPageValues[K];

function buildListPage({ filter, sort }: ListShape, param: Param) {
  return listQuery(queryBuilder, param('patientId'), {
    filter,
    sort,
    today: param('today'),
    renewalWindowDays: param('windowDays'),
    page: { limit: param('limit'), offset: param('offset') },
  }).select([
    latestShipDateSql(param('patientId'), sql.ref('rx.station_number'), sql.ref('rx.rx_number')).as('shipped_at'),
    sql<FilterCounts>`(select ${filterCountsJson(param('today'), param('windowDays'))} from prescriptions rx where rx.patient_id = ${param('patientId')})`.as(
      'filter_counts',
    ),
  ]);
}

/**
 * The list page's statement: built and compiled once per filter × sort (preparedStatement), run
 * as a prepared statement, so neither the app nor PostgreSQL redo that work on each page view.
 */
const listPageStatement = preparedStatement<ListShape, ListPageValues, InferResult<ReturnType<typeof buildListPage>>[number]>(
  'medications_list_page',
  buildListPage,
);

/**
 * One page of the list as the list page shows it, in one statement: the page's rows, each with its
 * latest ship date (tracking's latestShipDateSql, evaluated for the page's rows only), and the
 * counts per filter (an uncorrelated subquery, so evaluated once). A page past the end has no row
 * to carry the counts: then they are read on their own.
 */
export async function listPage(db: Db | Tx, patientId: string, opts: ListOptions & { page: { limit: number; offset: number } }) {
  const { rows } = await db.executeQuery(
    listPageStatement(
      { filter: opts.filter, sort: opts.sort },
      { patientId, today: opts.today, windowDays: opts.renewalWindowDays, limit: opts.page.limit, offset: opts.page.offset },
    ),
  );
  const filterCounts = rows[0]?.filter_counts ?? (await countByFilter(db, patientId, opts.today, opts.renewalWindowDays));
  return { rows, filterCounts };
}

type FilterCounts = Record<MedicationFilter, number>;

const filterCountsJson = (today: string, windowDays: number) => sql<FilterCounts>`json_build_object(
    'all', count(*),
    'active', count(*) filter (where ${filterPredicate('active', today, windowDays)}),
    'recently-requested', count(*) filter (where ${filterPredicate('recently-requested', today, windowDays)}),
    'renewal', count(*) filter (where ${filterPredicate('renewal', today, windowDays)}),
    'non-active', count(*) filter (where ${filterPredicate('non-active', today, windowDays)}))`;

/** How many of the Veteran's prescriptions each filter matches (one indexed scan of the patient's rows). */
export async function countByFilter(db: Db | Tx, patientId: string, today: string, renewalWindowDays: number): Promise<FilterCounts> {
  const row = await db
    .selectFrom('prescriptions as rx')
    .select(filterCountsJson(today, renewalWindowDays).as('counts'))
    .where('rx.patient_id', '=', patientId)
    .executeTakeFirstOrThrow();
  return row.counts;
}

/** One prescription if it belongs to `patientId`; otherwise undefined (callers answer 404). */
export async function findPrescription(db: Db | Tx, patientId: string, id: string) {
  return prescriptionQuery(db).where('rx.patient_id', '=', patientId).where('rx.id', '=', id).executeTakeFirst();
}

export async function listFills(db: Db | Tx, prescriptionId: string) {
  return db
    .selectFrom('prescription_fills')
    .select(['fill_number', 'fill_date', 'quantity'])
    .where('prescription_id', '=', prescriptionId)
    .orderBy('fill_number', 'desc')
    .execute();
}

/** Lock the patient's prescriptions with these ids for update (refill request). */
export async function lockPrescriptions(tx: Tx, patientId: string, ids: string[]) {
  return prescriptionQuery(tx).where('rx.patient_id', '=', patientId).where('rx.id', 'in', ids).forUpdate('rx').execute();
}

export async function insertRefillRequests(tx: Tx, patientId: string, prescriptionIds: string[]) {
  return tx
    .insertInto('refill_requests')
    .values(prescriptionIds.map((id) => ({ prescription_id: id, patient_id: patientId })))
    .returning(['id', 'prescription_id', 'requested_at'])
    .execute();
}

export async function markRefillSubmitted(tx: Tx, prescriptionIds: string[]): Promise<void> {
  await tx.updateTable('prescriptions').set({ status: 'active_submitted', updated_at: new Date() }).where('id', 'in', prescriptionIds).execute();
}

/** The Veteran's name as exports print it. */
export async function findPatientName(db: Db | Tx, patientId: string) {
  return db.selectFrom('patients').select(['first_name', 'last_name']).where('id', '=', patientId).executeTakeFirstOrThrow();
}
