/**
 * The report as one CSV table.
 *
 * Layout: a single table whose first column, `section`, names the part of the
 * report a row belongs to ("summary" or a section id). The other columns are
 * the union of all parts' columns, named by their keys, in order of first
 * appearance; a row leaves the columns of other parts empty.
 *
 * Why one table rather than a zip of files: it opens directly in any
 * spreadsheet (a zip has to be unpacked first, and would need a zip library
 * we do not have), and because columns are shared by key, the same metric sits
 * in the same column everywhere (`views` in the trend and in the post table),
 * so a filter on `section` or a pivot table gives each part back.
 *
 * Rows per part:
 *  - summary and KPI sections: metric, label, value, previous, change,
 *    change_pct, sources (platforms, space separated);
 *  - tables: one row per table row, with the table's own columns;
 *  - charts: long form, one row per point: date (or category), series, value.
 */
import type { ChartSection, Kpi, ReportData, ReportSection, ValueType } from '../types.js';
import { SUMMARY_SECTION_ID } from '../validate-report.js';
import { toCsvCell, type CsvCellOptions } from './csv-cell.js';

interface Field {
  key: string;
  type: ValueType;
}

interface Part {
  section: string;
  fields: Field[];
  rows: Iterable<Record<string, unknown>>;
}

export interface CsvTable {
  header: string[];
  records: Iterable<string[]>;
}

export function reportCsvTable(report: ReportData, options: CsvCellOptions): CsvTable {
  const parts = [kpiPart(SUMMARY_SECTION_ID, report.summary.items), ...report.sections.map(sectionPart)];
  const header = ['section'];
  for (const part of parts) {
    for (const field of part.fields) if (!header.includes(field.key)) header.push(field.key);
  }
  return { header, records: records(parts, header, options) };
}

function* records(parts: Part[], header: string[], options: CsvCellOptions): Iterable<string[]> {
  for (const part of parts) {
    const positions = part.fields.map((f) => header.indexOf(f.key));
    for (const row of part.rows) {
      const record = header.map(() => '');
      record[0] = part.section;
      part.fields.forEach((field, i) => {
        record[positions[i]!] = toCsvCell(row[field.key], field.type, options);
      });
      yield record;
    }
  }
}

function sectionPart(section: ReportSection): Part {
  switch (section.kind) {
    case 'kpis':
      return kpiPart(section.id, section.items);
    case 'table':
      return { section: section.id, fields: section.columns.map((c) => ({ key: c.key, type: c.type })), rows: section.rows };
    case 'chart':
      return chartPart(section);
  }
}

function kpiPart(section: string, items: readonly Kpi[]): Part {
  return {
    section,
    fields: [
      { key: 'metric', type: 'text' },
      { key: 'label', type: 'text' },
      { key: 'value', type: 'decimal' },
      { key: 'previous', type: 'decimal' },
      { key: 'change', type: 'decimal' },
      { key: 'change_pct', type: 'decimal' },
      { key: 'sources', type: 'text' },
    ],
    rows: items.map((kpi) => ({
      metric: kpi.key,
      label: kpi.label,
      value: kpi.value,
      previous: kpi.previous,
      change: kpi.change,
      change_pct: kpi.change_pct,
      sources: kpi.sources?.join(' ') ?? null,
    })),
  };
}

function chartPart(section: ChartSection): Part {
  const xKey = section.x.type === 'date' ? 'date' : 'category';
  return {
    section: section.id,
    fields: [
      { key: xKey, type: section.x.type === 'date' ? 'date' : 'text' },
      { key: 'series', type: 'text' },
      { key: 'value', type: 'decimal' },
    ],
    rows: chartPoints(section, xKey),
  };
}

function* chartPoints(section: ChartSection, xKey: string): Iterable<Record<string, unknown>> {
  for (const series of section.series) {
    for (let i = 0; i < section.x.values.length; i++) {
      yield { [xKey]: section.x.values[i], series: series.name, value: series.values[i] ?? null };
    }
  }
}
