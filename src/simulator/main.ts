/**
 * `npm run simulator`: runs the platform simulator as its own process.
 * Env: PORT (default 4010), SIM_SEED (default 1), SIM_ACCOUNTS (per platform,
 * default 3), SIM_POSTS (per account, default 1000). Prints the origin and
 * one valid token set per account.
 */
import { PLATFORMS } from '../analytics/catalog.js';
import { createSimulator } from './simulator.js';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

const sim = createSimulator({ seed: intEnv('SIM_SEED', 1), accounts: intEnv('SIM_ACCOUNTS', 3), postsPerAccount: intEnv('SIM_POSTS', 1000) });
const origin = await sim.listen(intEnv('PORT', 4010));
console.log(`platform simulator listening on ${origin} (stats: ${origin}/__sim/stats)`);
for (const platform of PLATFORMS) {
  for (const account of sim.accounts(platform)) {
    const t = sim.tokens(platform, account.index);
    console.log(`${platform}[${account.index}] ${account.externalId} @${account.handle.replace(/^@/, '')} access=${t.accessToken} refresh=${t.refreshToken}`);
  }
}

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
