import pg from 'pg';
import { transactionKey } from '../../core/model.js';
import type { AliasesOf } from '../../core/payment-aliases.js';
import type { DataDirState } from '../files/read-data-dir.js';
import { describeDatabase, StateDatabaseError } from './database.js';
import { migrate } from './schema.js';
import {
  insertAcknowledgements,
  insertAlertMessages,
  insertBaselined,
  insertDeadLetters,
  insertHistory,
  insertOutbox,
  insertSettledRequests,
  syncPaymentRequests,
  upsertChatRules,
  upsertCounterLinks,
  upsertCursors,
  upsertMoved,
  upsertSummaries,
  upsertToldProblems,
} from './tables.js';
import { inTransaction } from './transaction.js';

export type ImportOutcome = 'copied' | 'already there';

/** What identifies a state for comparison: which payments, alerts owed, cursors and baselines. */
function fingerprint(parts: { history: string[]; outbox: string[]; cursors: string[]; baselined: string[] }): string {
  return JSON.stringify([parts.history, parts.outbox, parts.cursors, parts.baselined].map((list) => [...list].sort()));
}

/**
 * Copies a DATA_DIR state into the database, in one transaction. Into an empty database only;
 * a database that already holds this same state is left alone (running it twice is safe),
 * and one holding any other state is refused: merging two histories could alert or lose payments.
 */
export async function importState(url: string, source: DataDirState, aliases: AliasesOf): Promise<ImportOutcome> {
  const where = describeDatabase(url);
  const client = new pg.Client({ connectionString: url, application_name: 'bankbell-migrate-state' });
  // A connection the server ends fails the query in progress, which reports it; unheard, the event would end the process.
  client.on('error', () => undefined);
  await client.connect().catch((error: unknown) => {
    throw new StateDatabaseError(where, `cannot connect (${String(error)})`, 'check DATABASE_URL and that the server is running and reachable');
  });
  try {
    await migrate(client);
    await client.query('INSERT INTO bankbell_state (id, created_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [source.state.createdAt]);
    return await inTransaction(client, 'BEGIN', async () => {
      await client.query('SELECT 1 FROM bankbell_state WHERE id = 1 FOR UPDATE');
      const column = async (sql: string) => (await client.query<{ v: string }>(sql)).rows.map((row) => row.v);
      const held = {
        history: await column('SELECT key AS v FROM bankbell_history'),
        outbox: await column(`SELECT key || ' ' || dest AS v FROM bankbell_outbox`),
        cursors: await column(`SELECT name || '=' || value AS v FROM bankbell_cursors`),
        baselined: await column('SELECT account AS v FROM bankbell_baselined'),
      };
      const { state, history } = source;
      const copying = {
        history: history.map(({ tx }) => transactionKey(tx)),
        outbox: state.outbox.map((row) => `${row.key} ${row.dest}`),
        cursors: Object.entries(state.cursors).map(([name, value]) => `${name}=${value}`),
        baselined: Object.keys(state.baselined),
      };
      if (Object.values(held).every((list) => list.length === 0)) {
        await insertHistory(client, history, aliases);
        await insertOutbox(client, state.outbox);
        await upsertCursors(client, state.cursors);
        await insertBaselined(client, state.baselined);
        await insertDeadLetters(client, state.deadLetters);
        await upsertMoved(client, state.moved);
        await upsertChatRules(client, state.chatRules);
        await upsertCounterLinks(client, state.counterLinks);
        await upsertSummaries(client, state.summaries);
        await upsertToldProblems(client, state.toldProblems);
        await insertAlertMessages(client, source.acknowledgements.messages);
        await insertAcknowledgements(client, source.acknowledgements.acks);
        await syncPaymentRequests(client, [], state.paymentRequests);
        await insertSettledRequests(client, source.settledRequests);
        await client.query('UPDATE bankbell_state SET version = version + 1 WHERE id = 1');
        return 'copied';
      }
      if (fingerprint(held) === fingerprint(copying)) return 'already there';
      throw new StateDatabaseError(
        where,
        `already holds a different state (${held.history.length} payments, ${held.outbox.length} alerts owed) than DATA_DIR ` +
          `(${copying.history.length} payments, ${copying.outbox.length} alerts owed), and merging them could alert or lose payments`,
        'migrate into an empty database, or keep using the one the bots already use',
      );
    });
  } finally {
    await client.end();
  }
}
