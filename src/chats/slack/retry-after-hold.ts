import type { webApi } from '@slack/bolt';

/**
 * Slack's `Retry-After` holds for every Web API call this bot makes, whoever makes it: the outbox
 * of each channel, command answers that upload files, button presses, /qr updates. Once a 429
 * named a wait, a call before it ends is not sent: it gets the same 429 back at once, with the
 * seconds still left, which the client (`rejectRateLimitedCalls`) turns into the error the
 * outbox already handles for Slack's own 429. The `response_url` of a slash command is not the
 * Web API and is not held.
 */
export function holdOnRetryAfter(apiUrl: string, fetch: webApi.FetchFunction, now: () => number = Date.now): webApi.FetchFunction {
  const webApiRoot = apiUrl.replace(/\/*$/, '/');
  let heldUntil = Number.NEGATIVE_INFINITY;
  return async (url, init) => {
    if (!String(url).startsWith(webApiRoot)) return fetch(url, init);
    const left = heldUntil - now();
    if (left > 0) {
      return new Response(JSON.stringify({ ok: false, error: 'ratelimited' }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': String(Math.ceil(left / 1000)) },
      });
    }
    const response = await fetch(url, init);
    const seconds = response.status === 429 ? Number(response.headers.get('retry-after') ?? NaN) : NaN;
    if (Number.isFinite(seconds)) heldUntil = Math.max(heldUntil, now() + seconds * 1000);
    return response;
  };
}
