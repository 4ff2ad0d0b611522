/** The database cannot be used as it is (unreachable, refused, or holding what bankbell cannot read). */
export class StateDatabaseError extends Error {
  constructor(where: string, problem: string, fix: string, options?: { cause?: unknown }) {
    super(`${where}: ${problem}. ${fix}`, options);
    this.name = 'StateDatabaseError';
  }
}

/** The database URL without its password, to name it in messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
