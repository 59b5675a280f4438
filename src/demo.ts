/**
 * The demo that `npm start` runs when no platform is configured: the platform
 * simulator in this process, a demo user with one connected account per
 * platform, backfilled and then kept in sync by the ordinary sync engine.
 *
 * The simulator's world is generated around a start time kept in DATA_DIR, so
 * a restart finds the same posts with counters that kept growing, not a new world.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORMS, type Platform } from './analytics/catalog.js';
import type { Config } from './config.js';
import { hashPassword } from './auth/passwords.js';
import { listAccounts, upsertAccount } from './db/repositories/accounts.js';
import { createUser, findUserForLogin } from './db/repositories/users.js';
import { createSimulator, type Simulator } from './simulator/index.js';
import type { Runtime } from './runtime.js';
import type { BudgetSettings } from './config-platforms.js';

export const DEMO_EMAIL = 'demo@pulseboard.local';
/** The simulator accepts any non-empty client credentials. */
export const DEMO_CLIENT = { clientId: 'pulseboard-demo', clientSecret: 'pulseboard-demo-secret' };
const DEMO_SEED = 20_261_125;

/**
 * The configuration with the demo client as every platform's credentials: the
 * simulator registers that client, so the Accounts page's "Connect" works in
 * demo mode (its consent screens stand in for the platforms').
 */
export function withDemoCredentials(config: Config): Config {
  const credentials = Object.fromEntries(PLATFORMS.map((p) => [p, { ...DEMO_CLIENT }])) as Record<Platform, typeof DEMO_CLIENT>;
  return { ...config, platforms: { ...config.platforms, credentials } };
}

export interface Demo {
  simulator: Simulator;
  origin: string;
}

function remembered(dataDir: string, file: string, create: () => string): string {
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = create();
  writeFileSync(path, value + '\n', { mode: 0o600 });
  return value;
}

/**
 * Starts the simulator on a free local port. Its Instagram rate limit is the
 * app's Instagram budget (generous in demo mode, see DEMO_INSTAGRAM_PER_HOUR),
 * so the simulated platform and the budget rule agree and both are enforced.
 */
export async function startDemoSimulator(dataDir: string, budgets: BudgetSettings): Promise<Demo> {
  const epoch = new Date(remembered(dataDir, 'demo-epoch', () => new Date().toISOString()));
  // The world is generated around the clock's value at creation: the stored epoch. From then on, real time.
  let anchored = true;
  const simulator = createSimulator({ seed: DEMO_SEED, now: () => (anchored ? epoch : new Date()), accounts: 1, postsPerAccount: 300, historyDays: 730, futureDays: 365, limits: { instagramPerHour: budgets.instagramPerHourPerAccount }, oauthClients: [DEMO_CLIENT.clientId] });
  anchored = false;
  const origin = await simulator.listen(0);
  return { simulator, origin };
}

/** Creates the demo user and connects its accounts (once); enqueues their backfill. Returns the sign-in. */
export async function seedDemo(runtime: Runtime, demo: Demo, dataDir: string): Promise<{ email: string; password: string }> {
  const { services, engine } = runtime;
  const box = services.sync!.box;
  const password = remembered(dataDir, 'demo-password', () => randomBytes(9).toString('base64url'));
  const existing = await findUserForLogin(services.db, DEMO_EMAIL);
  const userId = existing?.id ?? (await createUser(services.db, DEMO_EMAIL, await hashPassword(password), 'UTC'))!.id;
  const connected = await listAccounts(services.db, userId);
  for (const platform of PLATFORMS) {
    if (connected.some((a) => a.platform === platform && !a.disconnected_at && !a.needs_reauth)) continue;
    const info = demo.simulator.accounts(platform)[0]!;
    const tokens = demo.simulator.tokens(platform, 0);
    const account = await upsertAccount(services.db, userId, {
      platform,
      externalId: info.externalId,
      handle: info.handle,
      displayName: info.displayName,
      accessTokenEnc: box.seal(tokens.accessToken),
      refreshTokenEnc: box.seal(tokens.refreshToken),
      tokenExpiresAt: tokens.expiresAt,
    });
    await engine.enqueue(userId, account.id, 'connect');
  }
  return { email: DEMO_EMAIL, password };
}

/** A word for a POSIX shell: single-quoted, with any single quote closed, escaped and reopened. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The sign-in as a command that pastes into a shell as it is. It is printed as
 * a plain line, not inside a JSON log field, where its quotes came out
 * backslash-escaped and the pasted command failed.
 */
export function signInCommand(base: string, signIn: { email: string; password: string }): string {
  const body = JSON.stringify({ email: signIn.email, password: signIn.password });
  return `curl -s -XPOST ${shellWord(`${base}/api/v1/auth/login`)} -H 'content-type: application/json' -d ${shellWord(body)}`;
}
