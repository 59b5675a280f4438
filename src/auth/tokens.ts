/**
 * Signed, expiring bearer tokens (HS256 JWT via jose), keyed from APP_SECRET.
 * Each token has an id (jti), so one token can be revoked, and the user's
 * session epoch at issue time, so all of them can (src/auth/sessions.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export interface TokenClaims {
  userId: number;
  /** The token's own id (jti): what a sign-out revokes. */
  tokenId: string;
  /** The user's session epoch when the token was issued; a later "sign out everywhere" bumps it. */
  epoch: number;
  expiresAt: Date;
}

export interface TokenService {
  /** `epoch`: the user's current session epoch (users.session_epoch; 0 for a new user). */
  issue(userId: number, epoch: number): Promise<string>;
  /** The signed claims, or null for a missing, forged, expired or pre-revocation (no jti) token. Says nothing about revocation. */
  verify(token: string): Promise<TokenClaims | null>;
}

export function tokenService(appSecret: string, ttlSeconds: number): TokenService {
  // A key of its own for signing, derived from the secret (encryption derives another).
  const key = createHash('sha256').update(`pulseboard:auth:${appSecret}`).digest();
  return {
    issue(userId, epoch) {
      return new SignJWT({ epoch })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(userId))
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setIssuer('pulseboard')
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: 'pulseboard', algorithms: ['HS256'], requiredClaims: ['jti', 'exp'] });
        const userId = Number(payload.sub);
        const { jti, exp, epoch } = payload;
        if (!Number.isSafeInteger(userId) || userId <= 0) return null;
        // A token without an id or epoch predates revocation and could not be signed out: refused.
        if (typeof jti !== 'string' || typeof exp !== 'number' || typeof epoch !== 'number' || !Number.isSafeInteger(epoch)) return null;
        return { userId, tokenId: jti, epoch, expiresAt: new Date(exp * 1000) };
      } catch {
        return null;
      }
    },
  };
}
