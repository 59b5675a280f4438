/**
 * Scheduled reports by e-mail: a real SMTP server (smtp-server) on loopback
 * receives what the app sends through nodemailer; the mails are read back
 * with mailparser, the attached PDF with poppler and the CSV with csv-parse.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatChange, formatNumber } from '../src/reports/format.js';
import { runDueSchedules } from '../src/reports/schedules/run-due.js';
import type { ReportData } from '../src/reports/types.js';
import { api, expect400, setupReports, type ReportsFixture } from './reports-api-helpers.js';
import { pdftotext } from './reports/poppler.js';

const received: { to: string[]; from: string; mail: ParsedMail }[] = [];
let smtp: SMTPServer;
let f: ReportsFixture;
let A: ReturnType<typeof api>;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.test')) {
        return callback(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', mail });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  f = await setupReports(31, { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Pulseboard Reports <reports@pulseboard.test>' });
  A = api(f);
});
afterAll(async () => {
  await f?.h.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
});

const scheduleBody = (over: object = {}) => ({
  report_name: 'Weekly mail digest',
  report_type: 'performance',
  platforms: ['youtube', 'instagram'],
  export_format: 'pdf',
  frequency: 'weekly',
  time_zone: 'Europe/Berlin',
  recipients: [{ email: 'client@example.test' }],
  ...over,
});

/** ids: the schedules' public ids, as the API gave them. */
async function makeDue(ids: string[]) {
  const rows = await f.h.t.db.query("UPDATE report_schedules SET next_run_at = now() - interval '1 hour' WHERE public_id = ANY($1::uuid[]) RETURNING id", [ids]);
  expect(rows).toHaveLength(ids.length);
}

describe('scheduled reports by e-mail', () => {
  it('validates e-mail recipients, naming the field', async () => {
    expect400(await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ recipients: [{ email: 'not an address' }] })), 'recipients[0].email');
    expect400(await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ recipients: [{ email: 'a@example.test', webhook_url: 'https://x.test/h' }] })), 'recipients[0]');
    expect400(await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ recipients: [{ fax: '123' }] })), 'recipients[0].fax');
    const res = await A.me.post('/api/v1/analytics/report-schedules', scheduleBody());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().recipients).toEqual([{ email: 'client@example.test' }]);
    await A.me.del(`/api/v1/analytics/report-schedules/${res.json().id}`);
  });

  it('mails the PDF with the summary and a share link, and records the delivery', async () => {
    received.length = 0;
    const s = (await A.me.post('/api/v1/analytics/report-schedules', scheduleBody())).json();
    await makeDue([s.id]);
    expect(await runDueSchedules(f.h.services, new Date())).toBe(1);

    expect(received).toHaveLength(1);
    const { to, from, mail } = received[0]!;
    expect(to).toEqual(['client@example.test']);
    expect(from).toBe('reports@pulseboard.test');
    const now = (await A.me.get(`/api/v1/analytics/report-schedules/${s.id}`)).json();
    expect(now).toMatchObject({ last_status: 'completed', deliveries: [{ email: 'client@example.test', webhook_url: null, status: 'delivered', smtp_code: 250 }] });

    // The attachment is the report itself, in its format.
    const data = (await A.me.get(`${now.last_report_url}?format=json`)).json() as ReportData;
    expect(mail.subject).toBe(`Weekly mail digest: ${data.range.start} – ${data.range.end}`);
    expect(mail.attachments).toHaveLength(1);
    const pdf = mail.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toBe(`weekly-mail-digest-${data.range.start}-to-${data.range.end}.pdf`);
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'pb-mail-')), 'report.pdf');
    writeFileSync(file, pdf.content);
    expect(await pdftotext(file)).toContain('Weekly mail digest');

    // The body states the frozen summary, figure by figure, and links that work.
    const text = mail.text ?? '';
    expect(data.summary.items.length).toBeGreaterThan(3);
    for (const k of data.summary.items) expect(text).toContain(`${k.label}: ${formatNumber(k.value, k.value_type)} (${formatChange(k)})`);
    const shareUrl = /Download without signing in \(until [^)]+\):\n(\S+)/.exec(text)?.[1];
    expect(shareUrl).toBeDefined();
    const shared = await A.anon.get(shareUrl!);
    expect(shared.statusCode).toBe(200);
    expect(shared.headers['content-type']).toBe('application/pdf');
    // The link into Pulseboard names the report by the id the API shows for it.
    const link = /In Pulseboard:\n(\S+)/.exec(text)?.[1];
    expect(link).toBe(`/api/v1/analytics/reports/${now.deliveries[0].report_id as string}`);
    expect(link).toBe(now.last_report_url);
    expect(link).toMatch(/\/reports\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('a refused address is a failed delivery with the server\'s answer; the report and the other recipients are unaffected', async () => {
    received.length = 0;
    const s = (await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({
      report_name: 'Monthly CSV',
      export_format: 'csv',
      frequency: 'monthly',
      recipients: [{ email: 'nobody@refused.test' }, { email: 'analyst@example.test' }],
    }))).json();
    await makeDue([s.id]);
    expect(await runDueSchedules(f.h.services, new Date())).toBe(1);

    const now = (await A.me.get(`/api/v1/analytics/report-schedules/${s.id}`)).json();
    expect(now.last_status).toBe('completed_with_failed_deliveries');
    expect(now.last_error).toBe('1 of 2 deliveries failed');
    const byAddress = Object.fromEntries(now.deliveries.map((d: { email: string }) => [d.email, d]));
    expect(byAddress['nobody@refused.test']).toMatchObject({ status: 'failed', smtp_code: 550 });
    expect(byAddress['nobody@refused.test'].error).toMatch(/No such mailbox/);
    expect(byAddress['analyst@example.test']).toMatchObject({ status: 'delivered', smtp_code: 250 });
    expect((await A.me.get(now.last_report_url)).statusCode).toBe(200);

    // The CSV arrived whole: a real parser reads it, and it is the report's own file.
    expect(received.map((r) => r.to)).toEqual([['analyst@example.test']]);
    const csv = received[0]!.mail.attachments[0]!;
    expect(csv.contentType).toMatch(/^text\/csv/);
    const download = await A.me.get(now.last_report_url);
    expect(csv.content.toString('utf8')).toBe(download.body);
    const rows = parse(csv.content.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(10);
  });

  it('an unreachable relay is a failed delivery, not a lost report', async () => {
    const port = (smtp.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => smtp.close(resolve));
    try {
      const s = (await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ report_name: 'Relay down' }))).json();
      await makeDue([s.id]);
      expect(await runDueSchedules(f.h.services, new Date(), { smtpTimeoutMs: 2000 })).toBe(1);
      const now = (await A.me.get(`/api/v1/analytics/report-schedules/${s.id}`)).json();
      expect(now.deliveries).toMatchObject([{ email: 'client@example.test', status: 'failed', smtp_code: null }]);
      expect(now.deliveries[0].error).toMatch(/ECONNREFUSED|connect/i);
      expect((await A.me.get(now.last_report_url)).statusCode).toBe(200);
    } finally {
      // Bring a server back on the same port for afterAll's close.
      smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false });
      await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    }
  });
});
