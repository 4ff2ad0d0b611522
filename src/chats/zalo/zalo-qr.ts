import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PaymentRequest } from '../../core/payment-request.js';
import type { WebRoute } from '../../core/web-route.js';
import type { Logger } from '../../log/logger.js';
import { qrPng } from '../../qr/qr-image.js';
import { vietQrPayload } from '../../qr/vietqr-payload.js';

/** Where the images are served on WEB_PORT. */
const PREFIX = '/zalo/qr/';
/** `<code>-<secret>.png`; the secret is an HMAC-SHA256 in base64url (43 characters). */
const IMAGE_PATH = /^([A-Z0-9]{6,10})-([A-Za-z0-9_-]{43})\.png$/;

export interface QrImages {
  /** Where Zalo fetches the request's image: under WEB_PUBLIC_URL, at a path no one can guess. */
  urlOf(request: Pick<PaymentRequest, 'code' | 'createdAt'>): string;
  /** Serves each open request's image at its URL; anything else, and a request paid or expired, is a 404. */
  route: WebRoute;
}

/**
 * A /qr request's image as Zalo takes a photo: a URL it fetches. The path's secret is made from
 * the bot token and the request (code and creation time), so every bot sharing the configuration
 * and the state serves it (whichever one WEB_PUBLIC_URL reaches), after a restart too, and no one
 * without the token can make one; the code alone finds nothing. The PNG is drawn from the stored
 * request while it is open: once paid or expired, its URL answers 404 like any other.
 */
export function createQrImages(options: {
  token: string;
  publicUrl: string;
  openRequest: (code: string) => PaymentRequest | undefined;
  logger: Logger;
}): QrImages {
  const secretOf = (request: Pick<PaymentRequest, 'code' | 'createdAt'>) =>
    createHmac('sha256', options.token).update(`bankbell zalo qr\n${request.code}\n${request.createdAt}`).digest('base64url');

  async function handle(req: IncomingMessage, res: ServerResponse, rest: string): Promise<boolean> {
    const [, code = '', secret = ''] = IMAGE_PATH.exec(rest) ?? [];
    const request = code === '' ? undefined : options.openRequest(code);
    if (request === undefined || !timingSafeEqual(Buffer.from(secret), Buffer.from(secretOf(request)))) return false;
    const payload = vietQrPayload({ bin: request.bin, accountNumber: request.accountNumber, amount: request.amount, purpose: request.code });
    if (!payload.ok) {
      options.logger.warn('zalo.qr_image_failed', { code, field: payload.error.field, reason: payload.error.reason });
      return false;
    }
    const png = await qrPng(payload.value);
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
    res.end(req.method === 'HEAD' ? undefined : png);
    return true;
  }

  return {
    urlOf: (request) => `${options.publicUrl.replace(/\/+$/, '')}${PREFIX}${request.code}-${secretOf(request)}.png`,
    route: { owner: 'zalo', prefix: PREFIX, handle },
  };
}

