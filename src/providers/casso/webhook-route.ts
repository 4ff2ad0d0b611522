import type { IncomingMessage } from 'node:http';
import { parseCassoDelivery } from './webhook-payload.js';
import { verifyCassoSignature, type CassoVerifyFailure } from './webhook-signature.js';
import { sameSecret } from '../../http/constant-time.js';
import type { Outcome, WebhookContext, WebhookRoute } from '../../core/webhook-route.js';
import { header, keep, outcome } from '../../webhooks/outcome.js';
import { isRecord } from '../payload-fields.js';

export interface CassoCredentials {
  /** `CASSO_WEBHOOK_SECRET`: Webhook V2 checksum key. */
  secret: string | null;
  /** `CASSO_WEBHOOK_SECURE_TOKEN`: legacy webhooks' `secure-token`. */
  secureToken: string | null;
}

interface CassoRouteContext extends WebhookContext {
  credentials: CassoCredentials;
  /** How far a Webhook V2 `t` may lie from now, either way. */
  toleranceMs: number;
}

const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;

/** `POST /webhooks/casso`: there only when a Webhook V2 secret or a legacy token is configured. */
export function cassoWebhookRoute(credentials: CassoCredentials, options: { toleranceMs?: number } = {}): WebhookRoute | null {
  const { secret, secureToken } = credentials;
  if (secret === null && secureToken === null) return null;
  const toleranceMs = options.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  return {
    source: 'casso',
    path: '/webhooks/casso',
    schemes: secret !== null ? 'v2' : 'legacy',
    handle: (req, ctx) => handleCasso(req, { ...ctx, credentials, toleranceMs }),
  };
}

/** How much of a body that failed to verify goes to the debug log: enough to see its serialisation. */
const LOGGED_BODY_CHARS = 2000;

/**
 * `POST /webhooks/casso`. With a V2 secret configured every delivery must carry a valid
 * `X-Casso-Signature`; only without one is the legacy `secure-token` accepted. The body's shape
 * then picks the schema (`data` object or array). Credentials are checked before the body is
 * read where they can be; the V2 signature needs the body.
 */
async function handleCasso(req: IncomingMessage, ctx: CassoRouteContext): Promise<Outcome> {
  const auth = authenticate(req, ctx.credentials);
  if ('status' in auth) return auth;
  const { scheme } = auth;

  const body = await ctx.readJson(req);
  if (!body.ok) return body.error;

  if (auth.scheme === 'v2') {
    const verified = verifyCassoSignature({
      secret: auth.secret,
      header: auth.signature,
      body: body.value.json,
      nowMs: ctx.nowMs(),
      toleranceMs: ctx.toleranceMs,
    });
    if (!verified.ok) {
      if (verified.reason === 'signature-mismatch') {
        // The text shows which serialisation Casso used; it carries no secret.
        ctx.logger.debug('webhook.casso.unverified-body', { body: body.value.text.slice(0, LOGGED_BODY_CHARS) });
      }
      return outcome(401, verified.reason, { scheme, ...failureFields(verified), dataId: dataId(body.value.json) });
    }
  }

  const delivery = parseCassoDelivery(body.value.json);
  if (!delivery.ok) return outcome(400, 'bad-payload', { scheme, problem: delivery.error });
  if (delivery.value.kind === 'provider-error') {
    return outcome(200, 'casso-error-ignored', { scheme, casso_error: delivery.value.error });
  }
  const { generation, transactions, testCalls } = delivery.value;
  const fields = { scheme, generation, testCalls: testCalls.length || undefined };
  if (transactions.length === 0 && testCalls.length > 0) return outcome(200, 'test-call', fields);
  return keep(ctx.accept, transactions, fields);
}

type CassoAuth = { scheme: 'v2'; secret: string; signature: string } | { scheme: 'legacy' };

/**
 * Picks the check from the headers. The legacy token is compared here, before the body is
 * read; a V2 signature can only be checked once it is. A static token that anyone who saw one
 * delivery could replay must not stand in for the signature when the operator set one up, so
 * with a V2 secret the token is not looked at.
 */
function authenticate(req: IncomingMessage, { secret, secureToken }: CassoCredentials): CassoAuth | Outcome {
  const signature = header(req, 'x-casso-signature');
  const token = header(req, 'secure-token');
  if (secret !== null) {
    if (signature !== undefined) return { scheme: 'v2', secret, signature };
    return outcome(401, token !== undefined ? 'v2-signature-required' : 'no-credentials');
  }
  if (token !== undefined && secureToken !== null) {
    return sameSecret(token, secureToken) ? { scheme: 'legacy' } : outcome(401, 'bad-secure-token');
  }
  if (signature !== undefined) return outcome(401, 'signature-but-no-secret-configured');
  if (token !== undefined) return outcome(401, 'secure-token-but-none-configured');
  return outcome(401, 'no-credentials');
}

function failureFields(failure: CassoVerifyFailure) {
  switch (failure.reason) {
    case 'malformed-header':
    case 'too-deep':
      return {};
    case 'stale-timestamp':
    case 'future-timestamp':
      return { t: failure.timestamp, skewMs: failure.skewMs };
    case 'signature-mismatch':
      return {
        t: failure.timestamp,
        tried: failure.tried.join('+'),
        hasNonAscii: failure.hasNonAscii,
        hasSlash: failure.hasSlash,
        canonicalLength: failure.canonicalLength,
      };
  }
}

/** The delivery's transaction id, to match a failed verification against Casso's dashboard. */
function dataId(json: unknown): string | undefined {
  const data = isRecord(json) ? json['data'] : undefined;
  const id = isRecord(data) ? data['id'] : undefined;
  return typeof id === 'number' || typeof id === 'string' ? String(id).slice(0, 40) : undefined;
}
