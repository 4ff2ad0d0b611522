/** OK: nothing to do. WARN: worth a look, the bot still works. FAIL: the bot will not work as configured. */
export type CheckStatus = 'OK' | 'WARN' | 'FAIL';

/** One line of the doctor's table. `detail` says what was found and, unless OK, what to do. */
export interface CheckRow {
  check: string;
  status: CheckStatus;
  detail: string;
}

/** `1 chat`, `2 chats`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const okRow = (check: string, detail: string): CheckRow => ({ check, status: 'OK', detail });
export const warnRow = (check: string, detail: string): CheckRow => ({ check, status: 'WARN', detail });
export const failRow = (check: string, detail: string): CheckRow => ({ check, status: 'FAIL', detail });
