/**
 * Platform webhooks: Meta (Instagram) and YouTube's PubSubHubbub feed. Public
 * routes (the platforms carry no bearer token), authenticated by the HMAC
 * signature of the raw body instead. A verified notification only enqueues a
 * 'webhook' sync of the accounts it names, so the answer is always quick.
 * A webhook whose secret is not configured does not exist (404).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Platform } from '../../../analytics/catalog.js';
import { connectedAccountsByExternalId } from '../../../db/repositories/webhook-accounts.js';
import { AppError, NotFoundError } from '../../../errors.js';
import type { Services } from '../../../services.js';
import { WebhookPayloadError, parseMetaNotification } from '../../../webhooks/meta.js';
import { checkHubSignature, sameSecret, type SignatureAlgorithm } from '../../../webhooks/signature.js';
import { channelOfTopic, parseYouTubeNotification } from '../../../webhooks/youtube.js';
import { requireSync } from './accounts/accounts.js';
import { ErrorBody, errorResponses } from './schemas/common.js';

/** Largest notification body read; more is answered 413 before any work. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const HubQuery = Type.Object({
  'hub.mode': Type.Optional(Type.String({ maxLength: 32 })),
  'hub.challenge': Type.Optional(Type.String({ maxLength: 512 })),
  'hub.verify_token': Type.Optional(Type.String({ maxLength: 512 })),
  'hub.topic': Type.Optional(Type.String({ maxLength: 2048 })),
  'hub.lease_seconds': Type.Optional(Type.String({ maxLength: 16 })),
});

/** The handshake's answer: hub.challenge itself, as text, which is how both hubs confirm us. */
const Challenge = {
  description: 'Verified: the body is hub.challenge, unchanged',
  content: { 'text/plain': { schema: Type.String({ description: 'hub.challenge as sent' }) } },
};

const Accepted = Type.Object(
  { enqueued: Type.Integer({ description: 'Accounts whose sync was queued (0: it names no connected account, or concerns no Instagram account)' }) },
  { description: 'Verified; syncs queued' },
);

/**
 * Every answer of a notification: a verified one is 200; a bad signature is
 * refused (401 missing, 403 wrong) before the body is parsed; a body over 1 MB
 * is a 413; one that does not parse a 400; 404 while the webhook's secret is unset;
 * 503 when this process runs no sync engine to queue on.
 */
const notificationResponses = { 200: Accepted, ...errorResponses(400, 401, 403, 404, 413, 503) };

function notFound(): never {
  throw new NotFoundError('Webhook');
}

function rawBody(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function verifySignature(request: FastifyRequest, header: string, secret: string, algorithm: SignatureAlgorithm): void {
  const check = checkHubSignature(rawBody(request), request.headers[header], secret, algorithm);
  if (check === 'missing') throw new AppError(401, 'signature_missing', `The ${header} header is required`);
  if (check === 'invalid') throw new AppError(403, 'signature_invalid', `The ${header} signature does not match the body`);
}

function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof WebhookPayloadError) throw new AppError(400, 'invalid_payload', err.message);
    throw err;
  }
}

async function enqueueFor(services: Services, platform: Platform, externalIds: string[]): Promise<number> {
  const sync = requireSync(services);
  const targets = await connectedAccountsByExternalId(services.db, platform, externalIds);
  // The engine keeps one waiting 'webhook' job per account, so a burst of notifications is one sync.
  for (const t of targets) await sync.engine.enqueue(t.user_id, t.id, 'webhook');
  return targets.length;
}

const TEXT = 'text/plain; charset=utf-8';

export async function webhookRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Signatures cover the exact bytes sent, so in this plugin (and only here) every body stays a Buffer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

  const tags = ['webhooks'];
  const settings = () => services.config.platforms;
  const common = { public: true } as const;

  app.get(
    '/instagram',
    {
      config: common,
      schema: {
        tags,
        security: [],
        summary: 'Meta webhook verification: echoes hub.challenge when hub.verify_token matches',
        querystring: HubQuery,
        response: {
          200: Challenge,
          ...errorResponses(400, 404),
          403: Type.Object(ErrorBody.properties, { description: 'hub.mode is not subscribe, or hub.verify_token does not match META_WEBHOOK_VERIFY_TOKEN' }),
        },
      },
    },
    async (request, reply) => {
      const { metaWebhookSecret, metaWebhookVerifyToken } = settings();
      if (metaWebhookSecret === null || metaWebhookVerifyToken === null) notFound();
      const q = request.query;
      const token = q['hub.verify_token'];
      if (q['hub.mode'] !== 'subscribe' || token === undefined || !sameSecret(token, metaWebhookVerifyToken) || q['hub.challenge'] === undefined) {
        throw new AppError(403, 'verification_failed', 'hub.mode must be subscribe and hub.verify_token must match');
      }
      return reply.status(200).type(TEXT).send(q['hub.challenge']);
    },
  );

  app.post(
    '/instagram',
    {
      config: common,
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags,
        security: [],
        summary: 'Meta (Instagram) notifications, signed with X-Hub-Signature-256',
        description: "The body is Meta's JSON notification, read as raw bytes: X-Hub-Signature-256 (HMAC-SHA256 with META_WEBHOOK_SECRET) covers them exactly.",
        response: notificationResponses,
      },
    },
    async (request) => {
      const secret = settings().metaWebhookSecret;
      if (secret === null) notFound();
      verifySignature(request, 'x-hub-signature-256', secret, 'sha256');
      const note = parsed(() => parseMetaNotification(rawBody(request)));
      // Meta sends other objects (page, user, permissions) to the same app; they concern no Instagram account.
      if (note.object !== 'instagram') return { enqueued: 0 };
      return { enqueued: await enqueueFor(services, 'instagram', note.accountIds) };
    },
  );

  app.get(
    '/youtube',
    {
      config: common,
      schema: {
        tags,
        security: [],
        summary: 'PubSubHubbub intent verification for a channel feed: echoes hub.challenge',
        querystring: HubQuery,
        response: {
          200: Challenge,
          400: Type.Object(ErrorBody.properties, { description: 'hub.mode (subscribe|unsubscribe), hub.topic (a YouTube channel feed) or hub.challenge missing or wrong' }),
          404: Type.Object(ErrorBody.properties, { description: 'A subscription to a channel no account has connected is refused (WebSub), or the webhook is not configured' }),
        },
      },
    },
    async (request, reply) => {
      if (settings().youtubeWebhookSecret === null) notFound();
      const q = request.query;
      const channel = q['hub.topic'] === undefined ? null : channelOfTopic(q['hub.topic']);
      if (channel === null || q['hub.challenge'] === undefined || (q['hub.mode'] !== 'subscribe' && q['hub.mode'] !== 'unsubscribe')) {
        throw new AppError(400, 'invalid_request', 'hub.mode (subscribe|unsubscribe), hub.topic (a YouTube channel feed) and hub.challenge are required');
      }
      // WebSub: a subscriber that does not want the subscription answers 404. We want feeds of connected channels only.
      if (q['hub.mode'] === 'subscribe' && (await connectedAccountsByExternalId(services.db, 'youtube', [channel])).length === 0) {
        throw new AppError(404, 'not_found', 'No connected account has this channel');
      }
      return reply.status(200).type(TEXT).send(q['hub.challenge']);
    },
  );

  app.post(
    '/youtube',
    {
      config: common,
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags,
        security: [],
        summary: 'YouTube push notifications (Atom), signed with X-Hub-Signature (sha1)',
        description: 'The body is the hub\'s Atom feed entry, read as raw bytes: X-Hub-Signature (sha1=HMAC-SHA1 with YOUTUBE_WEBHOOK_SECRET) covers them exactly.',
        response: notificationResponses,
      },
    },
    async (request) => {
      const secret = settings().youtubeWebhookSecret;
      if (secret === null) notFound();
      verifySignature(request, 'x-hub-signature', secret, 'sha1');
      const note = parsed(() => parseYouTubeNotification(rawBody(request)));
      return { enqueued: await enqueueFor(services, 'youtube', note.channelIds) };
    },
  );
}
