import { err, ok, type Result } from '../core/result.js';

/**
 * Sends a message with its markup (`send(true)`); when the platform refuses the markup itself
 * — Telegram cannot parse our HTML, Slack will not take the blocks — sends the same message
 * once more as plain text (`send(false)`), so a payment is never held back by its layout.
 * Any other failure, and a failure of the plain send, comes back as the platform's error.
 */
export async function withPlainFallback<T>(
  send: (withMarkup: boolean) => Promise<T>,
  refusesMarkup: (error: unknown) => boolean,
  onRefused: (error: unknown) => void = () => {},
): Promise<Result<T, unknown>> {
  try {
    return ok(await send(true));
  } catch (error) {
    if (!refusesMarkup(error)) return err(error);
    onRefused(error);
  }
  try {
    return ok(await send(false));
  } catch (error) {
    return err(error);
  }
}
