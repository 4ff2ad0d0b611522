/** A Vietnam wall-clock time (`YYYY-MM-DD HH:mm:ss`, or with a `T`) as an instant. */
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}+07:00`);

/** 2025-04-10 08:00:00 in Vietnam, plus `n` minutes. */
export const minutes = (n: number): Date => new Date(vn('2025-04-10 08:00:00').getTime() + n * 60_000);
