/**
 * Fakes a test file starts through `start`, remembered so that one `afterEach(closeAll)`
 * closes every one of them, whichever tests started how many.
 */
export function fakePool<A extends unknown[], F extends { close(): Promise<void> }>(
  start: (...args: A) => Promise<F>,
): { start: (...args: A) => Promise<F>; closeAll: () => Promise<void> } {
  const running: F[] = [];
  return {
    async start(...args) {
      const fake = await start(...args);
      running.push(fake);
      return fake;
    },
    async closeAll() {
      await Promise.all(running.splice(0).map((fake) => fake.close()));
    },
  };
}
