import type { CheckRow } from '../core/check-row.js';

export type { CheckRow };

/** `1 chat`, `2 chats`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const okRow = (check: string, detail: string): CheckRow => ({ check, status: 'OK', detail });
export const warnRow = (check: string, detail: string): CheckRow => ({ check, status: 'WARN', detail });
export const failRow = (check: string, detail: string): CheckRow => ({ check, status: 'FAIL', detail });
