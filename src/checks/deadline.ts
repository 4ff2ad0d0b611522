import { err, ok, type Result } from '../core/result.js';

/**
 * Runs one check with a deadline. Never rejects: a check that throws or does not finish in
 * time yields the reason as a value, which the caller turns into a FAIL row. The clients have
 * timeouts of their own; this bounds the check as a whole (retries, several calls).
 */
export async function withDeadline<T>(timeoutMs: number, run: () => Promise<T>): Promise<Result<T, string>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Result<T, string>>((resolve) => {
    timer = setTimeout(() => resolve(err(`no answer within ${duration(timeoutMs)}`)), timeoutMs);
  });
  // Through then(), so a check that throws before its first await is caught too.
  const attempt = Promise.resolve().then(run).then(
    (value): Result<T, string> => ok(value),
    (error: unknown): Result<T, string> => err(`the check failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`),
  );
  try {
    return await Promise.race([attempt, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** Clients that throw (grammY, the Slack Web API): the error as a value, to turn into a row. */
export async function caught<T>(call: () => Promise<T>): Promise<T | Error> {
  try {
    return await call();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
