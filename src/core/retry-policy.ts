/** How often and how patiently a call is tried again (src/http/backoff.ts spaces the tries). */
export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
