/**
 * The one place connectors touch the network: awaits the caller's
 * beforeRequest hook, applies a timeout, reports the response to the
 * afterResponse hook and turns transport failures into `Unavailable`.
 * It never retries and never interprets platform error bodies; each platform's
 * failures module does that.
 */
import { PermanentError, Unavailable, type PlatformErrorInit } from './errors.js';
import { MalformedResponse } from './json.js';
import { readRateLimitHeaders } from './rate-limit-headers.js';
import type { CallContext, RateLimitInfo, RequestInfo } from './types.js';

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface HttpCall {
  info: RequestInfo;
  method: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  now: () => Date;
  ctx?: CallContext | undefined;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body was empty or not JSON (HTML error pages). */
  json: unknown;
  /** The body text, for reason messages when it was not JSON. */
  text: string;
  rateLimit: RateLimitInfo;
}

function errorInit(call: HttpCall, reason: string, status?: number): PlatformErrorInit {
  const init: PlatformErrorInit = { platform: call.info.platform, endpoint: call.info.endpoint, reason };
  if (status !== undefined) init.status = status;
  return init;
}

function transportReason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timeout';
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      return typeof code === 'string' ? code : cause.message;
    }
    return error.message;
  }
  return 'network error';
}

export async function httpCall(call: HttpCall): Promise<HttpResult> {
  await call.ctx?.hooks?.beforeRequest?.(call.info);
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.ctx?.signal ? AbortSignal.any([timeout, call.ctx.signal]) : timeout;
  const started = performance.now();
  let response: Response;
  let text: string;
  try {
    const init: RequestInit = { method: call.method, signal };
    if (call.headers) init.headers = call.headers;
    if (call.body !== undefined) init.body = call.body;
    response = await fetch(call.url, init);
    text = await response.text();
  } catch (error) {
    // The caller's own abort is not a platform failure: let it through unchanged.
    if (call.ctx?.signal?.aborted) throw error;
    throw new Unavailable(errorInit(call, transportReason(error)));
  }
  const latencyMs = performance.now() - started;
  const rateLimit = readRateLimitHeaders(response.headers, call.now());
  await call.ctx?.hooks?.afterResponse?.({ ...call.info, status: response.status, latencyMs, rateLimit });
  let json: unknown;
  if (text.length > 0) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, json, text, rateLimit };
}

/** Runs a response parser; a shape violation becomes a PermanentError naming the path. */
export function decode<T>(call: Pick<HttpCall, 'info'>, status: number, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MalformedResponse) {
      throw new PermanentError({ platform: call.info.platform, endpoint: call.info.endpoint, status, reason: error.message });
    }
    throw error;
  }
}

/** A short reason from a non-JSON body (HTML error pages), trimmed so logs stay readable. */
export function textReason(result: HttpResult): string {
  const snippet = result.text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return snippet.length > 0 ? snippet : `HTTP ${result.status}`;
}

export function formBody(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) params.set(key, value);
  return params.toString();
}
