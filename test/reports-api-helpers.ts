/** Shared setup of the reports API tests: an app, a user with the seeded dataset ingested, helpers. */
import type { LightMyRequestResponse } from 'fastify';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { makeDataset, type Dataset } from './helpers/dataset.js';

export const END = new Date('2026-05-31T18:00:00Z');
export const TZ = 'Europe/Berlin';
export const FROM = '2026-04-01';
export const TO = '2026-05-31';

export interface ReportsFixture {
  h: TestApp;
  user: Awaited<ReturnType<typeof register>>;
  other: Awaited<ReturnType<typeof register>>;
  data: Dataset;
}

export async function setupReports(seed = 11, env: Record<string, string> = {}): Promise<ReportsFixture> {
  const h = await createTestApp(env);
  const user = await register(h.app, TZ);
  const other = await register(h.app);
  const data = makeDataset(seed, END, 75);
  for (const [platform, batch] of data.batches) {
    const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `acct-${platform}`, handle: `@me_${platform}` });
    await h.services.ingest({ ...batch, userId: user.id, accountId: account.id });
  }
  return { h, user, other, data };
}

export function api(f: ReportsFixture) {
  const as = (auth: Record<string, string> | undefined) => ({
    get: (url: string) => f.h.app.inject({ method: 'GET', url, headers: auth }),
    del: (url: string) => f.h.app.inject({ method: 'DELETE', url, headers: auth }),
    post: (url: string, payload?: object) => f.h.app.inject({ method: 'POST', url, headers: auth, ...(payload ? { payload } : {}) }),
    patch: (url: string, payload: object) => f.h.app.inject({ method: 'PATCH', url, headers: auth, payload }),
  });
  return { me: as(f.user.auth), other: as(f.other.auth), anon: as(undefined) };
}

export function expect400(res: LightMyRequestResponse, field: string): void {
  if (res.statusCode !== 400) throw new Error(`expected 400 for ${field}, got ${res.statusCode}: ${res.body}`);
  const body = res.json() as { error: { code: string; details?: { field?: string } } };
  if (body.error.details?.field !== field) throw new Error(`expected field ${field}, got ${JSON.stringify(body.error)}`);
}
