/**
 * The frozen report document and its parts, derived from the JSON Schema in
 * ./report-schema.ts (one definition, no hand-written twin).
 *
 * Shape, in short:
 *   ReportData {
 *     schema_version: 1
 *     report_name, report_type: performance | growth | comparison | custom
 *     range {start, end}            inclusive YYYY-MM-DD in time_zone
 *     time_zone                     IANA name
 *     platforms[]                   youtube | tiktok | instagram | twitter
 *     generated_at                  ISO instant: "numbers taken at"
 *     brand {name, color}
 *     summary {previous_range, items: Kpi[]}
 *     notes[]
 *     sections: (KpiSection | TableSection | ChartSection)[]
 *   }
 *   Kpi {key, label, value_type, value, previous, change, change_pct, sources?}
 */
import type { Static } from 'typebox';
import type {
  BrandSchema,
  ChartSectionSchema,
  ChartSeriesSchema,
  DateRangeSchema,
  ExecutiveSummarySchema,
  KpiSchema,
  KpiSectionSchema,
  NUMERIC_VALUE_TYPES,
  ReportDataSchema,
  SectionSchema,
  TableCellSchema,
  TableColumnSchema,
  TableSectionSchema,
  VALUE_TYPES,
} from './report-schema.js';

export type ReportData = Static<typeof ReportDataSchema>;
export type ValueType = (typeof VALUE_TYPES)[number];
export type NumericValueType = (typeof NUMERIC_VALUE_TYPES)[number];
export type DateRange = Static<typeof DateRangeSchema>;
export type Brand = Static<typeof BrandSchema>;
export type Kpi = Static<typeof KpiSchema>;
export type ExecutiveSummary = Static<typeof ExecutiveSummarySchema>;
export type ReportSection = Static<typeof SectionSchema>;
export type KpiSection = Static<typeof KpiSectionSchema>;
export type TableSection = Static<typeof TableSectionSchema>;
export type TableColumn = Static<typeof TableColumnSchema>;
export type TableCell = Static<typeof TableCellSchema>;
export type ChartSection = Static<typeof ChartSectionSchema>;
export type ChartSeries = Static<typeof ChartSeriesSchema>;
