import { afterEach } from 'vitest';

/** Something a test starts (a fake server, a client) and must stop, whatever the test's outcome. */
export interface Closable {
  close(): Promise<void>;
}

/** A list to push what a test starts onto; everything on it is closed after each test. */
export function closedAfterEach(): Closable[] {
  const closers: Closable[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c.close()));
  });
  return closers;
}
