import { z } from 'zod';
import type { Transaction } from './model.js';

/** Minutes since midnight, 0–1439, in the display time zone. */
const MinuteOfDay = z.number().int().min(0).max(1439);

/**
 * What one chat (a Telegram chat or topic, a Slack channel) has asked for. Kept in the state
 * and read when an alert is sent, so a rule changed while alerts wait applies to them.
 */
export const ChatRules = z.object({
  /** Accounts followed, each a whole number or its last characters; null = every account. */
  accounts: z.array(z.string().regex(/^[A-Za-z0-9]+$/)).min(1).nullable(),
  /** Least absolute amount in đồng that is alerted; null = no floor. */
  min: z.number().int().positive().nullable(),
  alerts: z.enum(['in', 'out', 'all']),
  /** A daily window without alerts; `from` after `to` wraps midnight. */
  quiet: z.object({ from: MinuteOfDay, to: MinuteOfDay }).nullable(),
  privacy: z.boolean(),
  ack: z.boolean(),
  summary: MinuteOfDay.nullable(),
  ops: z.boolean(),
  /** null = the bot's LOCALE. */
  lang: z.enum(['vi', 'en']).nullable(),
});
export type ChatRules = z.infer<typeof ChatRules>;

/** The rules' names, in the order `/settings` lists them: each is also the command that changes it. */
export const RULE_NAMES: readonly (keyof ChatRules)[] = ChatRules.keyof().options;

export const DEFAULT_RULES: ChatRules = Object.freeze({
  accounts: null,
  min: null,
  alerts: 'in',
  quiet: null,
  privacy: false,
  ack: true,
  summary: null,
  ops: true,
  lang: null,
});

/** Whether `accountNumber` is one of the accounts `rules` follow (by its end, on digits too). */
export function followsAccount(rules: Pick<ChatRules, 'accounts'>, accountNumber: string): boolean {
  if (rules.accounts === null) return true;
  const digits = accountNumber.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return rules.accounts.some((entry) => digits.endsWith(entry.toUpperCase()));
}

/** Whether a transaction is one this chat wants alerted at all (accounts, size, direction). */
export function wantsAlert(rules: ChatRules, tx: Transaction): boolean {
  if (!followsAccount(rules, tx.accountNumber)) return false;
  if (rules.min !== null && Math.abs(tx.amount) < rules.min) return false;
  return rules.alerts === 'all' || rules.alerts === tx.direction;
}

/** Whether a minute of the day falls inside `[from, to)`, wrapping midnight when `from > to`. */
export function insideWindow(window: { from: number; to: number }, minute: number): boolean {
  return window.from <= window.to ? minute >= window.from && minute < window.to : minute >= window.from || minute < window.to;
}
