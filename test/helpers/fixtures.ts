/** Small builders for users and accounts directly in the store (no HTTP). */
import type { Db } from '../../src/db/client.js';
import { upsertAccount } from '../../src/db/repositories/accounts.js';
import { createUser } from '../../src/db/repositories/users.js';
import type { Platform } from '../../src/analytics/catalog.js';

let counter = 0;

export async function makeUser(db: Db, timezone = 'UTC'): Promise<number> {
  counter += 1;
  const user = await createUser(db, `user${counter}-${Date.now()}@example.test`, 'not-a-real-hash', timezone);
  return user!.id;
}

export async function makeAccount(db: Db, userId: number, platform: Platform): Promise<number> {
  counter += 1;
  const account = await upsertAccount(db, userId, { platform, externalId: `ext-${counter}`, handle: `@${platform}${counter}` });
  return account.id;
}

export const at = (iso: string) => new Date(iso);
