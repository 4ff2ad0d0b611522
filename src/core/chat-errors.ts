/** The kinds of `ChatError`, as /metrics and the service notices name them. */
export const CHAT_ERROR_KINDS = ['rate_limited', 'transient', 'blocked', 'moved', 'rejected'] as const;
export type ChatErrorKind = (typeof CHAT_ERROR_KINDS)[number];

/**
 * Why a chat did not take a message, one class per thing delivery does about it (as grammY
 * separates GrammyError from HttpError; src/delivery/failure-policy.ts says what). Adapters
 * translate their platform's errors into these; delivery never looks at platform error codes.
 */
export abstract class ChatError extends Error {
  abstract readonly kind: ChatErrorKind;

  constructor(
    /** The destination, e.g. `telegram:-1001234`. */
    readonly dest: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** 429: wait as long as the platform says, then send again. */
export class ChatRateLimitError extends ChatError {
  readonly kind = 'rate_limited';
  constructor(dest: string, readonly retryAfterMs: number) {
    super(dest, `rate limited: retry after ${retryAfterMs} ms`);
  }
}

/** Network trouble, timeouts, 5xx: back off and send again. */
export class ChatTransientError extends ChatError {
  readonly kind = 'transient';
}

/**
 * The bot cannot post there (removed from the group, not invited to the channel, chat not
 * found). The alerts wait; `hint` tells the operator what to do.
 */
export class ChatBlockedError extends ChatError {
  readonly kind = 'blocked';
  constructor(dest: string, message: string, readonly hint: string) {
    super(dest, message);
  }
}

/**
 * The chat has a new id (a Telegram group that became a supergroup): the same chat, so what was
 * on its way goes there. `hint` tells the operator what to change in the configuration.
 */
export class ChatMovedError extends ChatError {
  readonly kind = 'moved';
  constructor(
    dest: string,
    readonly to: string,
    readonly hint: string,
  ) {
    super(dest, `chat moved to ${to}`);
  }
}

/** The platform refused this message as such; sending it again would fail the same way. */
export class ChatRejectedError extends ChatError {
  readonly kind = 'rejected';
}
