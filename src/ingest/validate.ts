/**
 * Checks a batch before anything is written: a bad observation rejects the
 * whole batch with the field that is wrong, so nothing is half-written.
 */
import { ACCOUNT_DAILY, ACCOUNT_GAUGES, POST_METRICS, isWholeNumberMetric } from '../analytics/catalog.js';
import { isCurrency } from '../analytics/money.js';
import { SNAPSHOT_YEARS } from '../db/repositories/snapshots.js';
import { ValidationError } from '../errors.js';
import { AUDIENCE_DIMENSIONS, type ObservationBatch } from './observations.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Platform-reported revenue: a decimal string (it may be negative after an adjustment), at most MONEY_SCALE places. */
const REVENUE_AMOUNT = /^-?\d{1,14}(\.\d{1,6})?$/;

const FIRST_INSTANT = Date.UTC(SNAPSHOT_YEARS.first, 0, 1);
const END_INSTANT = Date.UTC(SNAPSHOT_YEARS.last + 1, 0, 1);

function checkDate(value: Date, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new ValidationError(field, 'must be a valid timestamp');
}

/** An instant an observation is stored under: valid, and within the years the store keeps. */
function checkObservedAt(value: Date, field: string): void {
  checkDate(value, field);
  if (value.getTime() < FIRST_INSTANT || value.getTime() >= END_INSTANT) throw new ValidationError(field, `must be in the years ${SNAPSHOT_YEARS.first} to ${SNAPSHOT_YEARS.last}`);
}

function checkValue(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(field, 'must be a finite number');
}

/** The value of a metric: finite, and whole where the metric counts something (catalog.ts FRACTIONAL_METRICS). */
function checkMetricValue(metric: string, value: number, field: string): void {
  checkValue(value, field);
  if (isWholeNumberMetric(metric) && !Number.isInteger(value)) throw new ValidationError(field, `must be a whole number: ${metric} counts, got ${value}`);
}

export function validateBatch(batch: ObservationBatch): void {
  const known = new Set<string>();
  (batch.posts ?? []).forEach((p, i) => {
    if (typeof p.platformPostId !== 'string' || p.platformPostId === '') throw new ValidationError(`posts[${i}].platformPostId`, 'must be a non-empty string');
    checkDate(p.publishedAt, `posts[${i}].publishedAt`);
    known.add(p.platformPostId);
  });
  (batch.postMetrics ?? []).forEach((m, i) => {
    if (!(POST_METRICS as readonly string[]).includes(m.metric)) throw new ValidationError(`postMetrics[${i}].metric`, `unknown metric "${m.metric}"`);
    checkMetricValue(m.metric, m.value, `postMetrics[${i}].value`);
    checkObservedAt(m.observedAt, `postMetrics[${i}].observedAt`);
    if (typeof m.platformPostId !== 'string' || m.platformPostId === '') throw new ValidationError(`postMetrics[${i}].platformPostId`, 'must be a non-empty string');
  });
  (batch.accountMetrics ?? []).forEach((m, i) => {
    if (!(ACCOUNT_GAUGES as readonly string[]).includes(m.metric)) throw new ValidationError(`accountMetrics[${i}].metric`, `unknown metric "${m.metric}"`);
    checkMetricValue(m.metric, m.value, `accountMetrics[${i}].value`);
    checkObservedAt(m.observedAt, `accountMetrics[${i}].observedAt`);
  });
  (batch.accountDaily ?? []).forEach((m, i) => {
    if (!(ACCOUNT_DAILY as readonly string[]).includes(m.metric)) throw new ValidationError(`accountDaily[${i}].metric`, `unknown metric "${m.metric}"`);
    checkMetricValue(m.metric, m.value, `accountDaily[${i}].value`);
    if (!DAY.test(m.day) || Number.isNaN(Date.parse(m.day))) throw new ValidationError(`accountDaily[${i}].day`, 'must be a date YYYY-MM-DD');
  });
  (batch.audience ?? []).forEach((r, i) => {
    if (!(AUDIENCE_DIMENSIONS as readonly string[]).includes(r.dimension)) throw new ValidationError(`audience[${i}].dimension`, `unknown dimension "${r.dimension}"`);
    checkDate(r.reportedAt, `audience[${i}].reportedAt`);
    for (const [k, day] of [['periodStart', r.periodStart], ['periodEnd', r.periodEnd]] as const) {
      if (day !== undefined && (!DAY.test(day) || Number.isNaN(Date.parse(day)))) throw new ValidationError(`audience[${i}].${k}`, 'must be a date YYYY-MM-DD');
    }
    if (r.basis) checkValue(r.basis.count, `audience[${i}].basis.count`);
    r.values.forEach((v, k) => {
      checkValue(v.value, `audience[${i}].values[${k}].value`);
      if (typeof v.bucket !== 'string' || v.bucket === '') throw new ValidationError(`audience[${i}].values[${k}].bucket`, 'must be a non-empty string');
    });
    if (r.values.length === 0 && !r.unavailableReason) throw new ValidationError(`audience[${i}].unavailableReason`, 'a report without values must say why');
  });
  (batch.accountRevenue ?? []).forEach((r, i) => {
    if (!DAY.test(r.day) || Number.isNaN(Date.parse(r.day))) throw new ValidationError(`accountRevenue[${i}].day`, 'must be a date YYYY-MM-DD');
    if (!isCurrency(r.currency)) throw new ValidationError(`accountRevenue[${i}].currency`, 'must be an ISO 4217 currency code');
    if (!REVENUE_AMOUNT.test(r.amount)) throw new ValidationError(`accountRevenue[${i}].amount`, 'must be a decimal string with at most 6 places');
  });
}
