import type { IncomingMessage } from 'node:http';
import { sameSecret } from '../../http/constant-time.js';
import type { Outcome, WebhookContext, WebhookRoute } from '../../core/webhook-route.js';
import { header, keep, outcome } from '../../webhooks/outcome.js';
import { parseSepayDelivery } from './webhook-payload.js';

/** `POST /webhooks/sepay`: there only when `SEPAY_WEBHOOK_API_KEY` is configured. */
export function sepayWebhookRoute(apiKey: string | null): WebhookRoute | null {
  if (apiKey === null) return null;
  return { source: 'sepay', path: '/webhooks/sepay', schemes: 'apikey', handle: (req, ctx) => handleSepay(req, ctx, apiKey) };
}

/** Auth schemes are case-insensitive (RFC 9110 §11.1); SePay sends `Apikey`. */
const API_KEY_AUTH = /^apikey[ \t]+(\S.*)$/i;

/**
 * `POST /webhooks/sepay` with `Authorization: Apikey <key>`. The key and the content type
 * are checked before the body is read. Only JSON is taken: SePay lets the webhook's content
 * type be changed, and a form body would need another schema.
 */
async function handleSepay(req: IncomingMessage, ctx: WebhookContext, apiKey: string): Promise<Outcome> {
  const authorization = header(req, 'authorization');
  if (authorization === undefined) return outcome(401, 'no-credentials');
  const presented = API_KEY_AUTH.exec(authorization.trim())?.[1];
  if (presented === undefined) return outcome(401, 'not-apikey-scheme', { scheme: authorization.split(/\s/, 1)[0]?.slice(0, 20) });
  if (!sameSecret(presented, apiKey)) return outcome(401, 'bad-api-key');

  const mediaType = header(req, 'content-type')?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return outcome(415, 'not-json-content-type', { contentType: mediaType?.slice(0, 60) });

  const body = await ctx.readJson(req);
  if (!body.ok) return body.error;
  const delivery = parseSepayDelivery(body.value.json);
  if (!delivery.ok) return outcome(400, 'bad-payload', { problem: delivery.error });
  return keep(ctx.accept, [delivery.value]);
}
