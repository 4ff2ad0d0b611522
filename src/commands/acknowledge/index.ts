import type { Acknowledgement, Press, PressOutcome } from '../../core/acknowledgement.js';
import { transactionKey, type Transaction } from '../../core/model.js';
import type { Logger } from '../../log/logger.js';
import { acknowledgedLine, alreadyNotice, pressNotice } from '../../render/acknowledgement.js';
import { lookedAs, messagesFor, type RenderContext } from '../../render/messages.js';
import type { PressAnswer, PressRequest } from '../../core/press.js';
import type { AlertLook } from '../../core/chat-sender.js';
import type { RuleBook } from '../command.js';
import type { TransactionSearch } from '../../search/history-search.js';

export interface AcknowledgeDeps {
  store: {
    acknowledge(press: Press): Promise<PressOutcome>;
    /** The history, which gives the message's payments to redraw it. */
    search: Pick<TransactionSearch, 'stored'>;
    /** The /qr request a payment answered, so that a redrawn alert still names it. */
    requestAnswered(key: string): { code: string; note: string } | undefined;
  };
  rules: RuleBook;
  render: RenderContext;
  logger: Logger;
  now?: () => number;
  /** Told how many payments a press acknowledged (metrics). */
  onAcknowledged?: (dest: string, count: number) => void;
}

/**
 * The chat-agnostic half of a press: from an allowed chat, on an alert this bot sent there, the
 * first press per payment and chat is stored (durably, before the message is redrawn); anything
 * else changes nothing.
 */
export async function acknowledgePress(request: PressRequest, deps: AcknowledgeDeps): Promise<PressAnswer> {
  const botLocale = deps.render.locale;
  const dest = request.allowed ? deps.rules.destinationOf(request.platform, request.chatId) : null;
  if (dest === null) {
    deps.logger.warn('ack.refused', { platform: request.platform, chat: request.chatId, reason: 'chat not allowed' });
    return { kind: 'refused', notice: pressNotice('refused', botLocale) };
  }
  const rules = deps.rules.get(dest);
  // As the dispatcher drew it (apart from rules changed since), so that the redraw keeps every line.
  const look: AlertLook = { locale: rules.lang, privacy: rules.privacy, requestOf: (tx) => deps.store.requestAnswered(transactionKey(tx)) };
  const ctx = lookedAs(deps.render, look);
  const at = (deps.now ?? Date.now)();
  let outcome: PressOutcome;
  try {
    outcome = await deps.store.acknowledge({ dest, ref: request.ref, by: request.userName, at });
  } catch (error) {
    deps.logger.error('ack.save_failed', { dest, ref: request.ref, error: String(error), effect: 'nothing recorded; pressing again retries' });
    return { kind: 'failed', notice: messagesFor(ctx.locale).commandFailed };
  }
  if (outcome.message === null) {
    deps.logger.info('ack.unknown_message', { dest, ref: request.ref });
    return { kind: 'unknown', notice: pressNotice('unknown', ctx.locale) };
  }
  if (outcome.fresh.length === 0) {
    deps.logger.debug('ack.repeated', { dest, ref: request.ref });
    const first = outcome.acks.reduce<Acknowledgement | undefined>((soonest, a) => (soonest === undefined || a.at < soonest.at ? a : soonest), undefined);
    return { kind: 'already', notice: first === undefined ? pressNotice('thanks', ctx.locale) : alreadyNotice(first, ctx) };
  }
  deps.onAcknowledged?.(dest, outcome.fresh.length);
  deps.logger.info('ack.recorded', { dest, ref: request.ref, count: outcome.fresh.length });
  const txs = await paymentsOf(outcome.message.keys, deps);
  // Recorded either way; with its payments aged out of the history there is nothing left to redraw.
  if (txs.length === 0) return { kind: 'already', notice: pressNotice('thanks', ctx.locale) };
  return { kind: 'acknowledged', notice: pressNotice('thanks', ctx.locale), txs, look, footer: acknowledgedLine({ by: request.userName, at }, ctx) };
}

/** The message's payments, in its order; none when the history cannot be read (the press is recorded: only the redraw is lost). */
async function paymentsOf(keys: readonly string[], deps: AcknowledgeDeps): Promise<Transaction[]> {
  try {
    const stored = new Map((await deps.store.search.stored(keys)).map((tx) => [transactionKey(tx), tx]));
    return keys.flatMap((key) => stored.get(key) ?? []);
  } catch (error) {
    deps.logger.warn('ack.payments_unreadable', { error: String(error), effect: 'the press is recorded; the alert is not redrawn' });
    return [];
  }
}
