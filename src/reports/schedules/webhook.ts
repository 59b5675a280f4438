/**
 * Webhook delivery: one POST with a JSON body, 10 s at most, no redirects
 * followed (a redirect is reported as a failure rather than sent on somewhere
 * the user did not name). The outcome is returned, never thrown: a failing
 * webhook must not cost the report.
 */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** What one delivery (webhook or e-mail) came to; recorded, never thrown. */
export interface DeliveryOutcome {
  status: 'delivered' | 'failed';
  httpStatus: number | null;
  /** The SMTP server's reply code, for e-mail. */
  smtpCode: number | null;
  error: string | null;
}

export async function postWebhook(url: string, payload: unknown, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<DeliveryOutcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Pulseboard-Webhook/1' },
      body: JSON.stringify(payload),
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
