import { z } from 'zod';

/**
 * The secret in a counter screen's link (`<WEB_PUBLIC_URL>/counter/<secret>`): 24 random bytes
 * as base64url, unguessable, and nothing in it a URL or a log line would need to escape.
 */
export const CounterSecret = z.string().regex(/^[A-Za-z0-9_-]{32}$/);

/** A chat's counter screen link, kept like its rules until `/counter off` revokes it. */
export const CounterLink = z.object({
  secret: CounterSecret,
  /** When `/counter` made it (ISO 8601 instant). */
  createdAt: z.iso.datetime(),
});
export type CounterLink = z.infer<typeof CounterLink>;
