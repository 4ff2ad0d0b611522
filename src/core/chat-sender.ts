import type { Result } from './result.js';
import type { Transaction } from './model.js';
import type { ChatError } from './chat-errors.js';
import type { PaymentRequest } from './payment-request.js';

/**
 * A chat platform's message limit, as a budget that may be spent at once:
 * - `burst`: a token bucket, `burst` messages at once, refilled at `perSecond` (Slack's "about
 *   one per second per channel, short bursts tolerated"; Telegram's one a second, burst 1);
 *   with `gather`, alerts wait a moment for others to go with them once part of the burst is
 *   spent (see Gather);
 * - `window`: at most `count` messages in any `windowMs` (Telegram's 20 a minute per group,
 *   30 a second across the bot's chats).
 */
export type SendLimit =
  | { kind: 'burst'; burst: number; perSecond: number; gather?: Gather }
  | { kind: 'window'; count: number; windowMs: number };

/**
 * How long alerts wait to be sent together while a bucket is short: nothing while it is full
 * (a lone payment goes at once), then `baseMs` plus `perSpentMs` for each message of the burst
 * spent. A busy chat's last messages then carry digests of what came in meanwhile instead of
 * one alert each, and its bucket rarely runs dry (an empty one makes the next alert wait a
 * whole refill). Measured by `npm run bench chain`.
 */
export interface Gather {
  baseMs: number;
  perSpentMs: number;
}

/** How one chat wants its alerts to look (its `/lang` and `/privacy`); null locale = the bot's. */
export interface AlertLook {
  locale: 'vi' | 'en' | null;
  privacy: boolean;
  /** The /qr request a payment answered, which its alert names. */
  requestOf?: (tx: Transaction) => Pick<PaymentRequest, 'code' | 'note'> | undefined;
  /** Whether the message carries the acknowledge button (`/ack`); absent = no button. */
  ack?: boolean;
}

/**
 * A message that is not an alert (a service notice, a daily summary): lines of spans whose
 * text is literal, as the renderers' documents are; the sender escapes it for its platform.
 */
export type TextMessage = readonly (readonly { readonly text: string; readonly style?: 'bold' | 'italic' | 'code' | 'verbatim' }[])[];

/** Where the outbox hands alerts: one per platform (Telegram, Slack, the terminal). */
export interface ChatSender {
  readonly platform: string;
  /**
   * Posts one message to `target` (a chat or channel id): a single alert when `txs` has
   * one transaction, a digest when it has several. Resolves with the platform's message
   * reference once the platform accepted it, and the reference of the part that carries the
   * acknowledge button when it went with one (a press names that part); never throws. `look`
   * defaults to the bot's language, no privacy, no button.
   */
  send(target: string, txs: readonly Transaction[], look?: AlertLook): Promise<Result<{ ref: string; button?: string }, ChatError>>;
  /** Posts a message that is not an alert to `target`, in as many parts as the platform's length limit needs; never throws. */
  post(target: string, message: TextMessage): Promise<Result<{ ref: string }, ChatError>>;
  /**
   * Rewrites a /qr request's message (`ref`, in `target`) to show where the request stands.
   * Absent where the platform cannot edit; resolves once the platform took the edit; never throws.
   */
  editRequest?(target: string, ref: string, request: PaymentRequest, look?: AlertLook): Promise<Result<void, ChatError>>;
  /**
   * Rewrites a text message the bot posted (`ref`, in `target`) to say `message` (a /check answer
   * that changed). A platform that cannot edit posts `message` anew (it names what it answers);
   * absent where it can do neither. Resolves once the platform took it; never throws.
   */
  editText?(target: string, ref: string, message: TextMessage): Promise<Result<void, ChatError>>;
  /** How many of `txs` (waiting, oldest first) the next message to a chat carries, looking as `look` says. */
  batchSize(txs: readonly Transaction[], look?: AlertLook): number;
  /** The platform's message limits for one chat or channel. */
  limits(target: string): readonly SendLimit[];
  /**
   * The chat `target` posts into, when several targets are one chat to the platform's limits
   * (Telegram: the topics of a forum group); they then share one budget. Absent: each target is
   * its own chat.
   */
  limitedAs?(target: string): string;
  /** Limits across all the bot's chats on this platform. */
  readonly sharedLimits: readonly SendLimit[];
}
