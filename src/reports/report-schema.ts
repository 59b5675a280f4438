/**
 * The JSON Schema of a frozen report document (ReportData).
 *
 * A report is computed once, stored as this document and re-rendered on demand
 * (JSON, CSV, PDF), so a download next month shows the same numbers. The
 * document therefore describes itself: what it covers, when its numbers were
 * taken, and for every value what kind of value it is. Renderers only format;
 * they never compute or invent numbers (a missing value is null, shown as "—").
 *
 * The TypeScript types in ./types.ts are derived from this schema, so the two
 * cannot drift apart. Invariants a JSON Schema cannot state (row keys match the
 * columns, series as long as the x axis) live in ./validate-report.ts.
 */
import Type from 'typebox';
import { PLATFORMS } from '../analytics/catalog.js';
import { REPORT_TYPES } from '../analytics/report-kinds.js';

export const REPORT_SCHEMA_VERSION = 1;

/**
 * How a value is stored and shown.
 *  - int: a count; decimal: any other number (e.g. a performance score);
 *  - percent: already multiplied by 100 (4.56 means 4.56 %), as the catalog returns it;
 *  - date: YYYY-MM-DD in the report time zone; datetime: ISO 8601 instant (UTC);
 *  - uuid: the public id of a row (a post, a content item), as the API shows it.
 *    Documents frozen before public ids existed hold those ids as int columns.
 */
export const VALUE_TYPES = ['text', 'int', 'decimal', 'percent', 'date', 'datetime', 'uuid'] as const;
export const NUMERIC_VALUE_TYPES = ['int', 'decimal', 'percent'] as const;

export const CHART_KINDS = ['line', 'bar', 'stacked_bar'] as const;

const DateString = Type.String({ format: 'date', description: 'Calendar date YYYY-MM-DD in the report time zone' });
const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 instant' });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
/** Section ids double as the `section` value of the CSV export, so keep them plain. */
const SectionId = Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 });

export const DateRangeSchema = Type.Object(
  { start: DateString, end: DateString },
  { additionalProperties: false, description: 'Inclusive on both ends' },
);

export const BrandSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'Hex colour, #RRGGBB' }),
  },
  { additionalProperties: false },
);

/**
 * One key figure with its value in the previous period of equal length. The
 * caller computes change and change_pct; the renderer shows them as given.
 */
export const KpiSchema = Type.Object(
  {
    key: Type.String({ minLength: 1 }),
    label: Type.String({ minLength: 1 }),
    value_type: Type.Enum(NUMERIC_VALUE_TYPES),
    value: NullableNumber,
    previous: NullableNumber,
    change: Type.Union([Type.Number(), Type.Null()], {
      description: 'value − previous; percentage points when value_type is percent; null when either is null',
    }),
    change_pct: Type.Union([Type.Number(), Type.Null()], {
      description: '100 × change / previous; null when previous is null or 0, or when the metric is itself a percent',
    }),
    sources: Type.Optional(
      Type.Array(Type.String(), { description: 'Platforms whose data contributed (missing is not zero)' }),
    ),
  },
  { additionalProperties: false },
);

export const ExecutiveSummarySchema = Type.Object(
  {
    previous_range: DateRangeSchema,
    items: Type.Array(KpiSchema),
  },
  { additionalProperties: false },
);

const SectionBase = {
  id: SectionId,
  title: Type.String({ minLength: 1 }),
  note: Type.Optional(Type.String()),
};

export const KpiSectionSchema = Type.Object(
  { kind: Type.Literal('kpis'), ...SectionBase, items: Type.Array(KpiSchema) },
  { additionalProperties: false },
);

export const TableColumnSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    label: Type.String({ minLength: 1 }),
    type: Type.Enum(VALUE_TYPES),
    // Both optional, so documents frozen before they existed stay valid and render as they did.
    link_key: Type.Optional(
      Type.String({
        pattern: '^[a-z][a-z0-9_]*$',
        description: "A text column of this table holding a URL: the PDF prints this cell as a link to the row's value there (http and https only)",
      }),
    ),
    in_pdf: Type.Optional(
      Type.Boolean({
        description: 'false: the column is in the JSON and CSV but left out of the PDF table, whose page width it would crowd (e.g. ids and URLs)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const TableCellSchema = Type.Union([Type.String(), Type.Number(), Type.Null()]);

export const TableSectionSchema = Type.Object(
  {
    kind: Type.Literal('table'),
    ...SectionBase,
    columns: Type.Array(TableColumnSchema, { minItems: 1 }),
    rows: Type.Array(Type.Record(Type.String(), TableCellSchema)),
  },
  { additionalProperties: false },
);

export const ChartSeriesSchema = Type.Object(
  { name: Type.String({ minLength: 1 }), values: Type.Array(NullableNumber) },
  { additionalProperties: false },
);

export const ChartSectionSchema = Type.Object(
  {
    kind: Type.Literal('chart'),
    ...SectionBase,
    chart: Type.Enum(CHART_KINDS),
    x: Type.Object(
      {
        type: Type.Enum(['date', 'category'] as const),
        values: Type.Array(Type.String()),
      },
      { additionalProperties: false },
    ),
    value_type: Type.Enum(NUMERIC_VALUE_TYPES),
    y_label: Type.Optional(Type.String()),
    series: Type.Array(ChartSeriesSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const SectionSchema = Type.Union([KpiSectionSchema, TableSectionSchema, ChartSectionSchema]);

export const ReportDataSchema = Type.Object(
  {
    schema_version: Type.Literal(REPORT_SCHEMA_VERSION),
    report_name: Type.String({ minLength: 1, maxLength: 200 }),
    report_type: Type.Enum(REPORT_TYPES),
    range: DateRangeSchema,
    time_zone: Type.String({ minLength: 1, description: 'IANA zone that defines the day boundaries, e.g. Europe/Berlin' }),
    platforms: Type.Array(Type.Enum(PLATFORMS), { minItems: 1, uniqueItems: true }),
    generated_at: Timestamp,
    brand: BrandSchema,
    summary: ExecutiveSummarySchema,
    notes: Type.Array(Type.String(), { description: 'Caveats printed with the summary, e.g. estimated history' }),
    sections: Type.Array(SectionSchema),
  },
  { additionalProperties: false, $id: 'https://pulseboard.local/schemas/report-data-v1.json' },
);
