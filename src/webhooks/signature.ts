/**
 * HMAC signatures of webhook bodies, as Meta (`X-Hub-Signature-256:
 * sha256=<hex>`) and PubSubHubbub hubs (`X-Hub-Signature: sha1=<hex>`) send
 * them. Always over the raw bytes received: a re-serialized JSON body would
 * not match.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureAlgorithm = 'sha256' | 'sha1';
export type SignatureCheck = 'ok' | 'missing' | 'invalid';

const HEX_LENGTH: Record<SignatureAlgorithm, number> = { sha256: 64, sha1: 40 };

export function hubSignature(raw: Buffer, secret: string, algorithm: SignatureAlgorithm): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(raw).digest('hex')}`;
}

/** Checks `<algorithm>=<hex>` against the HMAC of `raw`; compares in constant time. */
export function checkHubSignature(raw: Buffer, header: string | string[] | undefined, secret: string, algorithm: SignatureAlgorithm): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  // A repeated header is ambiguous: refuse it rather than pick one.
  if (Array.isArray(header)) return 'invalid';
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== algorithm) return 'invalid';
  const hex = header.slice(eq + 1).trim();
  if (hex.length !== HEX_LENGTH[algorithm] || !/^[0-9a-fA-F]+$/.test(hex)) return 'invalid';
  const expected = createHmac(algorithm, secret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex')) ? 'ok' : 'invalid';
}

/** Constant-time comparison of two strings (verify tokens). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; compare against itself to keep the time flat.
  return a.length === b.length ? timingSafeEqual(a, b) : (timingSafeEqual(b, b), false);
}
