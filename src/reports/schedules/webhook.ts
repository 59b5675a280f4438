/**
 * Webhook delivery: one POST with a JSON body, 10 s at most, no redirects
 * followed (a redirect is reported as a failure rather than sent on somewhere
 * the user did not name). The outcome is returned, never thrown: a failing
 * webhook must not cost the report.
 */
import { hubSignature } from '../../webhooks/signature.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** What one delivery (webhook or e-mail) came to; recorded, never thrown. */
export interface DeliveryOutcome {
  status: 'delivered' | 'failed';
  httpStatus: number | null;
  /** The SMTP server's reply code, for e-mail. */
  smtpCode: number | null;
  error: string | null;
}

/** The header of a signed webhook: `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as Meta signs its own. */
export const SIGNATURE_HEADER = 'x-pulseboard-signature-256';

/**
 * `secret`: sign the body (SIGNATURE_HEADER, with hubSignature, the one HMAC
 * scheme the inbound webhooks verify) so the receiver can tell it came from us.
 */
export async function postWebhook(url: string, payload: unknown, timeoutMs = WEBHOOK_TIMEOUT_MS, secret: string | null = null): Promise<DeliveryOutcome> {
  try {
    const body = JSON.stringify(payload);
    const signature: Record<string, string> = secret === null ? {} : { [SIGNATURE_HEADER]: hubSignature(Buffer.from(body), secret, 'sha256') };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Pulseboard-Webhook/1', ...signature },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The body is not needed; drain it so the connection can be reused.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { status: 'delivered', httpStatus: res.status, smtpCode: null, error: null };
    return { status: 'failed', httpStatus: res.status, smtpCode: null, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error;
    const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause as Error | undefined)?.message ?? e.message;
    return { status: 'failed', httpStatus: null, smtpCode: null, error: reason.slice(0, 300) };
  }
}
