/**
 * Tokens the simulator issues, per platform and account. Lifetimes follow the
 * platforms: Google 1 h, TikTok 24 h (refresh 365 d), Instagram long-lived
 * 60 d (refreshed with itself), X 2 h with rotating refresh tokens.
 *
 * Faults: `expire` makes an account's current access tokens fail as expired
 * while refresh still works; `revoke` kills the grant, so API calls fail and
 * refresh answers invalid_grant (or the platform's equivalent) until a new
 * grant is issued.
 */
import type { Platform } from '../analytics/catalog.js';
import type { Clock } from './clock.js';
import { pkceS256 } from './pkce.js';
import { rngFor } from './random.js';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds, as the token endpoints report it. */
  expiresIn: number;
  expiresAt: Date;
}

export type AccessCheck = { ok: true; accountIndex: number } | { ok: false; reason: 'expired' | 'invalid' };
export type RefreshCheck = { ok: true; accountIndex: number; tokens: IssuedTokens } | { ok: false; reason: 'invalid_grant' };

const ACCESS_SECONDS: Record<Platform, number> = { youtube: 3599, tiktok: 86_400, instagram: 5_183_944, twitter: 7200 };
const REFRESH_SECONDS: Record<Platform, number> = { youtube: Infinity, tiktok: 31_536_000, instagram: 5_183_944, twitter: Infinity };
const ACCESS_PREFIX: Record<Platform, string> = { youtube: 'ya29.sim', tiktok: 'act.sim', instagram: 'IGAAsim', twitter: 'xsim' };
const REFRESH_PREFIX: Record<Platform, string> = { youtube: '1//sim', tiktok: 'rft.sim', instagram: 'IGAAsim', twitter: 'xrsim' };

interface AccessRecord {
  platform: Platform;
  accountIndex: number;
  grant: number;
  expiresAt: number;
  /** Issue order, so an expiry fault hits exactly the tokens issued before it. */
  serial: number;
}

interface RefreshRecord {
  platform: Platform;
  accountIndex: number;
  grant: number;
  expiresAt: number;
}

interface PendingCode {
  platform: Platform;
  accountIndex: number;
  redirectUri: string;
  codeChallenge: string | undefined;
}

export class TokenStore {
  private serial = 0;
  private readonly access = new Map<string, AccessRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  /** Current grant number per account; tokens of older grants are dead. */
  private readonly grants = new Map<string, number>();
  /** Access tokens with a serial up to this one are treated as expired (fault injection). */
  private readonly expiredUpTo = new Map<string, number>();
  private readonly latest = new Map<string, IssuedTokens>();
  private readonly codes = new Map<string, PendingCode>();
  /** Accounts whose grant was revoked and not yet re-authorized. */
  private readonly revoked = new Set<string>();

  constructor(
    private readonly seed: number,
    private readonly now: Clock,
  ) {}

  private key(platform: Platform, index: number): string {
    return `${platform}:${index}`;
  }

  private grantOf(platform: Platform, index: number): number {
    return this.grants.get(this.key(platform, index)) ?? 0;
  }

  /** Issues a new token pair under the account's current grant. */
  issue(platform: Platform, accountIndex: number): IssuedTokens {
    const rng = rngFor(this.seed, 'token', platform, accountIndex, ++this.serial);
    const now = this.now().getTime();
    const accessToken = `${ACCESS_PREFIX[platform]}${rng.base64url(40)}`;
    // Instagram has no refresh token: the long-lived access token refreshes itself.
    const refreshToken = platform === 'instagram' ? accessToken : `${REFRESH_PREFIX[platform]}${rng.base64url(40)}`;
    const grant = this.grantOf(platform, accountIndex);
    const expiresAt = now + ACCESS_SECONDS[platform] * 1000;
    this.access.set(accessToken, { platform, accountIndex, grant, expiresAt, serial: this.serial });
    this.refreshTokens.set(refreshToken, { platform, accountIndex, grant, expiresAt: now + REFRESH_SECONDS[platform] * 1000 });
    const tokens = { accessToken, refreshToken, expiresIn: ACCESS_SECONDS[platform], expiresAt: new Date(expiresAt) };
    this.latest.set(this.key(platform, accountIndex), tokens);
    return tokens;
  }

  /** The latest tokens of the account, issuing a fresh grant if needed (after a revoke or expiry). */
  validTokens(platform: Platform, accountIndex: number): IssuedTokens {
    const current = this.latest.get(this.key(platform, accountIndex));
    if (current && this.checkAccess(platform, current.accessToken).ok) return current;
    // A revoked account gets a new grant, as if the user had connected again.
    if (this.isRevoked(platform, accountIndex)) this.newGrant(platform, accountIndex);
    return this.issue(platform, accountIndex);
  }

  checkAccess(platform: Platform, token: string | undefined): AccessCheck {
    const record = token ? this.access.get(token) : undefined;
    if (!record || record.platform !== platform) return { ok: false, reason: 'invalid' };
    if (record.grant !== this.grantOf(platform, record.accountIndex)) return { ok: false, reason: 'invalid' };
    const now = this.now().getTime();
    const forced = this.expiredUpTo.get(this.key(platform, record.accountIndex));
    if (now >= record.expiresAt || (forced !== undefined && record.serial <= forced)) return { ok: false, reason: 'expired' };
    return { ok: true, accountIndex: record.accountIndex };
  }

  refresh(platform: Platform, refreshToken: string | undefined): RefreshCheck {
    const record = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    if (!record || record.platform !== platform) return { ok: false, reason: 'invalid_grant' };
    if (record.grant !== this.grantOf(platform, record.accountIndex)) return { ok: false, reason: 'invalid_grant' };
    if (this.now().getTime() >= record.expiresAt) return { ok: false, reason: 'invalid_grant' };
    // X rotates refresh tokens: the old one stops working once used.
    if (platform === 'twitter' && refreshToken) this.refreshTokens.delete(refreshToken);
    const tokens = this.issue(platform, record.accountIndex);
    // Google keeps the same refresh token; report it as the one to keep.
    if (platform === 'youtube' && refreshToken) {
      this.refreshTokens.delete(tokens.refreshToken);
      tokens.refreshToken = refreshToken;
      this.latest.set(this.key(platform, record.accountIndex), tokens);
    }
    return { ok: true, accountIndex: record.accountIndex, tokens };
  }

  /** Fault: current access tokens of the account now fail as expired; refresh still works. */
  expire(platform: Platform, accountIndex: number): void {
    this.expiredUpTo.set(this.key(platform, accountIndex), this.serial);
  }

  /** Fault: the user revoked the app. Every token of the account dies; refresh fails. */
  revoke(platform: Platform, accountIndex: number): void {
    this.newGrant(platform, accountIndex);
    this.revoked.add(this.key(platform, accountIndex));
  }

  private isRevoked(platform: Platform, accountIndex: number): boolean {
    return this.revoked.has(this.key(platform, accountIndex));
  }

  private newGrant(platform: Platform, accountIndex: number): void {
    const key = this.key(platform, accountIndex);
    this.grants.set(key, this.grantOf(platform, accountIndex) + 1);
    this.revoked.delete(key);
  }

  /** Authorization-code flow: what the consent screen would hand back to the redirect URI. */
  issueCode(platform: Platform, accountIndex: number, redirectUri: string, codeChallenge?: string): string {
    const code = `code_${rngFor(this.seed, 'code', platform, accountIndex, ++this.serial).base64url(24)}`;
    this.codes.set(code, { platform, accountIndex, redirectUri, codeChallenge });
    return code;
  }

  /** Redeems a code once; checks the redirect URI and the PKCE verifier when a challenge was sent. */
  redeemCode(platform: Platform, code: string | undefined, redirectUri: string | undefined, verifier: string | undefined): RefreshCheck {
    const pending = code ? this.codes.get(code) : undefined;
    const refused = { ok: false, reason: 'invalid_grant' } as const;
    if (!pending || pending.platform !== platform || !code) return refused;
    this.codes.delete(code);
    if (pending.redirectUri !== redirectUri) return refused;
    if (pending.codeChallenge !== undefined && (verifier === undefined || pkceS256(verifier) !== pending.codeChallenge)) return refused;
    if (this.isRevoked(platform, pending.accountIndex)) this.newGrant(platform, pending.accountIndex);
    return { ok: true, accountIndex: pending.accountIndex, tokens: this.issue(platform, pending.accountIndex) };
  }
}
