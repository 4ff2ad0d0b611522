/**
 * Holds this whole process still (its timers, its sockets, the fakes it runs), as SIGSTOP or a
 * frozen machine would, until `done()` holds; `done` may only look without the event loop (a
 * file, the clock). Throws after `limitMs`.
 */
export function holdStill(done: () => boolean, limitMs: number): void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > limitMs) throw new Error(`held still for ${limitMs} ms without the condition`);
    Atomics.wait(cell, 0, 0, 50);
  }
}
