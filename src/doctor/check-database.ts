import pg from 'pg';
import { z } from 'zod';
import { LEADER_LOCK } from '../store/postgres/leadership.js';
import { DeadLetterRow, parseRows } from '../store/postgres/rows.js';
import { SCHEMA_VERSION } from '../store/postgres/schema.js';
import { describeDatabase } from '../store/postgres/database.js';
import { deadLetterRow } from './check-data-dir.js';
import { failRow, okRow, warnRow, type CheckRow } from '../checks/check-row.js';

/** The server ends a silent leader's session with idle_session_timeout, new in PostgreSQL 14. */
const MIN_SERVER = 140_000;

const Summary = z.object({
  schema: z.number().int().nullable(),
  outbox: z.coerce.number().int(),
  leader: z.string().nullable(),
  epoch: z.coerce.number().int(),
  locked: z.coerce.number().int(),
});

/**
 * DATABASE_URL: the server answers, is recent enough, and the bankbell tables (if already
 * there) are ones this bankbell reads; who leads, alerts waiting, dead letters. Reads only:
 * the tables are created by the bot, not here.
 */
export async function checkDatabase(url: string, timeoutMs: number): Promise<CheckRow[]> {
  const check = 'database';
  const where = describeDatabase(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: 'bankbell-doctor' });
  // A connection the server ends fails the query in progress, which reports it; unheard, the event would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    return [failRow(check, `${where} cannot be reached (${error instanceof Error ? error.message : String(error)}): check DATABASE_URL and that the server runs`)];
  }
  try {
    const version = Number((await client.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]?.server_version_num);
    if (!(version >= MIN_SERVER)) {
      return [failRow(check, `${where} runs PostgreSQL ${Math.floor(version / 10_000)}; bankbell needs 14 or newer (a silent leader is replaced through idle_session_timeout)`)];
    }
    const exists = (await client.query<{ t: string | null }>(`SELECT to_regclass('bankbell_state')::text AS t`)).rows[0]?.t ?? null;
    if (exists === null) return [okRow(check, `${where} answers; no bankbell tables yet: the bot creates them at its first start`)];
    const [summary] = parseRows(
      'bankbell_state',
      Summary,
      (
        await client.query(
          `SELECT (SELECT max(version) FROM bankbell_schema) AS schema, (SELECT count(*) FROM bankbell_outbox) AS outbox, leader, epoch,
             (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND granted) AS locked
           FROM bankbell_state WHERE id = 1`,
          [LEADER_LOCK],
        )
      ).rows,
    );
    if (summary === undefined) return [okRow(check, `${where} answers; no state yet: the bot records what already exists as seen at its first start`)];
    if (summary.schema !== null && summary.schema > SCHEMA_VERSION) {
      return [failRow(check, `${where} holds bankbell tables of version ${summary.schema}, newer than this bankbell (${SCHEMA_VERSION}): run the newer bankbell`)];
    }
    const dead = parseRows('bankbell_dead_letters', DeadLetterRow, (await client.query('SELECT dest, tx, error, at FROM bankbell_dead_letters ORDER BY seq')).rows);
    const leading =
      summary.locked > 0
        ? okRow('leader', `${summary.leader ?? 'a bot'} leads (epoch ${summary.epoch}): it polls and sends; the others stand by`)
        : warnRow('leader', 'no bot leads right now: none is running, or one is taking over (within 15 s)');
    return [
      okRow(check, `${where} answers; ${summary.outbox} ${summary.outbox === 1 ? 'alert' : 'alerts'} waiting to be sent`),
      leading,
      ...dead.map(deadLetterRow),
    ];
  } catch (error) {
    return [failRow(check, `${where}: ${error instanceof Error ? error.message : String(error)}`)];
  } finally {
    await client.end().catch(() => undefined);
  }
}
