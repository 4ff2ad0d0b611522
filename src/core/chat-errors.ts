/**
 * Why a chat did not take a message, one class per thing the outbox does about it
 * (as grammY separates GrammyError from HttpError). Adapters translate their platform's
 * errors into these; the dispatcher never looks at platform error codes.
 */
export abstract class ChatError extends Error {
  abstract readonly kind: 'rate_limited' | 'transient' | 'blocked' | 'migrated' | 'rejected';

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

/** A Telegram group became a supergroup: same chat, new id. */
export class ChatMigratedError extends ChatError {
  readonly kind = 'migrated';
  constructor(dest: string, readonly newChatId: string) {
    super(dest, `chat moved to ${newChatId}`);
  }
}

/** The platform refused this message as such; sending it again would fail the same way. */
export class ChatRejectedError extends ChatError {
  readonly kind = 'rejected';
}
