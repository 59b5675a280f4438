import { createHash } from 'node:crypto';

/** RFC 7636 S256 challenge of a verifier. */
export function pkceS256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
