import type { ClientBase } from 'pg';

/**
 * Runs `work` between BEGIN and COMMIT on `client`; any failure rolls back and is rethrown.
 * A rollback that fails as well (the connection is gone) changes nothing: the server drops
 * an unfinished transaction with its connection, and the first error is the one that says why.
 */
export async function inTransaction<T>(client: ClientBase, begin: string, work: () => Promise<T>): Promise<T> {
  await client.query(begin);
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
