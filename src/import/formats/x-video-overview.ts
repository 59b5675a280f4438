/**
 * X analytics video overview (one source): a "Video overview" title line,
 * then one row per day of account-wide video views and watch time. The
 * catalog has no account-level daily video metric, so the file is recognised
 * and checked but nothing in it is imported; every row is reported as skipped.
 */
import { MappingOutput } from './output.js';
import { readDay } from './read.js';
import { Columns, eachRow, type ImportFormat } from './types.js';

const REASON = 'account-wide daily video views and watch time have no metric in the catalog: nothing in this export is imported';

export const xVideoOverview: ImportFormat = {
  id: 'x_video_overview',
  platform: 'twitter',
  label: 'X analytics video overview export',
  header: ['Date', 'Views', 'Watch Time (ms)', 'Completion Rate', 'Average Watch Time (ms)', 'Estimated Revenue'],
  detect: (h) => h.has('Date') && h.has('Watch Time (ms)', 'Average Watch Time (ms)', 'Completion Rate'),
  map(table) {
    const h = table.header;
    const c = new Columns(h, { date: ['Date'] });
    c.require('date');
    const out = new MappingOutput();
    for (const col of ['Views', 'Watch Time (ms)', 'Completion Rate', 'Average Watch Time (ms)', 'Estimated Revenue']) out.ignore(h, [col], REASON);
    eachRow(table, (row) => {
      readDay(c.cell(row, 'date'), c.name('date'));
      out.skip(row, REASON);
    });
    return out.result(h);
  },
};
