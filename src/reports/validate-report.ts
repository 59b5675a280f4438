/**
 * Checks a report document against its schema and against the invariants a
 * JSON Schema cannot express. Renderers call assertValidReport first so a
 * malformed document fails loudly instead of printing a misaligned table.
 */
import { Compile } from 'typebox/compile';
import { ReportDataSchema } from './report-schema.js';
import type { ReportData } from './types.js';

const compiled = Compile(ReportDataSchema);

/** A cell of a uuid column: the JSON Schema types cells only as string, number or null. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Section id the CSV layout uses for the executive summary. */
export const SUMMARY_SECTION_ID = 'summary';

export interface ReportProblem {
  path: string;
  message: string;
}

export function findReportProblems(value: unknown): ReportProblem[] {
  if (!compiled.Check(value)) {
    return [...compiled.Errors(value)].map((e) => ({ path: e.instancePath || '/', message: e.message }));
  }
  return findInvariantProblems(value);
}

export function isValidReport(value: unknown): value is ReportData {
  return findReportProblems(value).length === 0;
}

export class InvalidReportError extends Error {
  constructor(readonly problems: ReportProblem[]) {
    super(`invalid report document: ${problems.slice(0, 5).map((p) => `${p.path} ${p.message}`).join('; ')}`);
    this.name = 'InvalidReportError';
  }
}

export function assertValidReport(value: unknown): asserts value is ReportData {
  const problems = findReportProblems(value);
  if (problems.length > 0) throw new InvalidReportError(problems);
}

function findInvariantProblems(report: ReportData): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const seenIds = new Set<string>([SUMMARY_SECTION_ID]);
  if (report.range.start > report.range.end) {
    problems.push({ path: '/range', message: 'start is after end' });
  }
  report.sections.forEach((section, i) => {
    const at = `/sections/${i}`;
    if (seenIds.has(section.id)) problems.push({ path: `${at}/id`, message: `duplicate or reserved id "${section.id}"` });
    seenIds.add(section.id);
    if (section.kind === 'table') {
      const keys = new Set(section.columns.map((c) => c.key));
      if (keys.size !== section.columns.length) problems.push({ path: `${at}/columns`, message: 'duplicate column key' });
      if (section.columns.every((c) => c.in_pdf === false)) problems.push({ path: `${at}/columns`, message: 'no column is left for the PDF' });
      section.columns.forEach((c, j) => {
        if (c.link_key === undefined) return;
        const target = section.columns.find((t) => t.key === c.link_key);
        if (target?.type !== 'text') problems.push({ path: `${at}/columns/${j}/link_key`, message: `"${c.link_key}" is not a text column` });
      });
      section.rows.forEach((row, r) => {
        for (const key of Object.keys(row)) {
          if (!keys.has(key)) problems.push({ path: `${at}/rows/${r}/${key}`, message: 'key is not a column' });
        }
        for (const column of section.columns) {
          const cell = row[column.key];
          if (cell === undefined || cell === null) continue;
          const wantsNumber = column.type === 'int' || column.type === 'decimal' || column.type === 'percent';
          if (wantsNumber !== (typeof cell === 'number')) {
            problems.push({ path: `${at}/rows/${r}/${column.key}`, message: `expected ${column.type}, got ${typeof cell}` });
          } else if (column.type === 'uuid' && !UUID.test(String(cell))) {
            problems.push({ path: `${at}/rows/${r}/${column.key}`, message: 'expected a lower-case UUID' });
          }
        }
      });
    }
    if (section.kind === 'chart') {
      const n = section.x.values.length;
      section.series.forEach((s, j) => {
        if (s.values.length !== n) {
          problems.push({ path: `${at}/series/${j}/values`, message: `has ${s.values.length} values, x axis has ${n}` });
        }
      });
    }
  });
  return problems;
}
