/** Signed, expiring bearer tokens (HS256 JWT via jose), keyed from APP_SECRET. */
import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export interface TokenService {
  issue(userId: number): Promise<string>;
  /** The user id, or null for a missing, forged or expired token. */
  verify(token: string): Promise<number | null>;
}

export function tokenService(appSecret: string, ttlSeconds: number): TokenService {
  // A key of its own for signing, derived from the secret (encryption derives another).
  const key = createHash('sha256').update(`pulseboard:auth:${appSecret}`).digest();
  return {
    issue(userId) {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(userId))
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setIssuer('pulseboard')
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: 'pulseboard', algorithms: ['HS256'] });
        const id = Number(payload.sub);
        return Number.isSafeInteger(id) && id > 0 ? id : null;
      } catch {
        return null;
      }
    },
  };
}
