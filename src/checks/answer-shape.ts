import type { z } from 'zod';

/** A short description of an answer that did not parse: the first offending field. */
export function shapeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'answer';
  return `${where}: ${issue?.message ?? 'unexpected shape'}`;
}
