import { z } from 'zod';
import { parseDong } from '../providers/money.js';
import { parseVietnamTime } from '../providers/vietnam-time.js';

/*
 * Field schemas the webhook payloads share. Pushed bodies are as untrusted as polled ones:
 * numbers may come as strings, optional fields as null or "". Same rules as the providers'
 * own schemas (src/providers/*\/schemas.ts), which keep theirs private.
 */

const isBlank = (value: unknown): boolean => value === null || value === undefined || value === '';

/** Free text; absent, null and "" all read as null. Numbers are taken as text (ids, bank BINs). */
export const Text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (isBlank(value) ? null : String(value)));

/** Text a record cannot do without, such as an account number. */
export const RequiredText = z.union([z.string().trim().min(1), z.number()]).transform(String);

/** Whole đồng, never negative, sent as `250000`, `"250000"` or `"250000.00"`. */
export const PositiveDong = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const n = parseDong(value);
  if (n === null || n < 0) {
    ctx.issues.push({ code: 'custom', message: `not a whole, non-negative number of đồng, got ${JSON.stringify(value)}`, input: value });
    return z.NEVER;
  }
  return n;
});

/** A Vietnam wall-clock time: kept as sent (`raw`) and as the instant it means (`iso`). */
export const VietnamTime = z.string().transform((raw, ctx) => {
  const iso = parseVietnamTime(raw);
  if (iso === null) {
    ctx.issues.push({ code: 'custom', message: `unreadable time ${JSON.stringify(raw)}`, input: raw });
    return z.NEVER;
  }
  return { raw, iso };
});

/** A zod failure as one line for a 400 answer and the log: the first issue and where it is. */
export function describeIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? [])].map(String).join('.');
  return `${path === '' ? 'body' : path}: ${issue?.message ?? 'invalid'}`;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
