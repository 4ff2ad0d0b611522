import { z } from 'zod';

/*
 * Helpers the webhook payloads share. Their field values are the providers' own wire
 * scalars (wire-scalars.ts beside this file): pushed bodies are as untrusted as polled ones.
 */

/** A zod failure as one line for a 400 answer and the log: the first issue and where it is. */
export function describeIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? [])].map(String).join('.');
  return `${path === '' ? 'body' : path}: ${issue?.message ?? 'invalid'}`;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
