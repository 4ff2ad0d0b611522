import type { ClientBase } from 'pg';
import { inTransaction } from './transaction.js';

/**
 * The tables, as a list of steps: step N brings a database at version N-1 to version N.
 * A step once released is never edited, only followed by a new one, so that every
 * database, however old, is brought to the same shape at start.
 */
const STEPS: readonly string[] = [
  `
  CREATE TABLE bankbell_state (
    id int PRIMARY KEY CHECK (id = 1),
    created_at timestamptz NOT NULL,
    -- Bumped by every write: an instance whose view is older reloads before it writes.
    version bigint NOT NULL DEFAULT 0,
    -- Bumped by every takeover: writes only the leader may make carry the epoch they lead in.
    epoch bigint NOT NULL DEFAULT 0,
    leader text,
    -- History stored on a Vietnam day before this one was dropped (retention).
    pruned_before text
  );
  CREATE TABLE bankbell_cursors (name text PRIMARY KEY, value text NOT NULL);
  CREATE TABLE bankbell_baselined (account text PRIMARY KEY, at timestamptz NOT NULL);
  CREATE TABLE bankbell_history (
    seq bigserial PRIMARY KEY,
    key text NOT NULL UNIQUE,
    tx jsonb NOT NULL,
    alert boolean NOT NULL,
    stored_at bigint NOT NULL,
    day text NOT NULL
  );
  CREATE INDEX bankbell_history_day ON bankbell_history (day);
  CREATE TABLE bankbell_payment_names (
    name text PRIMARY KEY,
    key text NOT NULL REFERENCES bankbell_history (key) ON DELETE CASCADE
  );
  CREATE INDEX bankbell_payment_names_key ON bankbell_payment_names (key);
  CREATE TABLE bankbell_outbox (
    seq bigserial NOT NULL,
    key text NOT NULL,
    dest text NOT NULL,
    attempts int NOT NULL,
    next_at bigint NOT NULL,
    last_error text,
    created_at bigint NOT NULL,
    PRIMARY KEY (key, dest)
  );
  CREATE TABLE bankbell_dead_letters (
    seq bigserial PRIMARY KEY,
    dest text NOT NULL,
    tx jsonb NOT NULL,
    error text NOT NULL,
    at bigint NOT NULL
  );
  CREATE TABLE bankbell_chat_migrations (from_chat text PRIMARY KEY, to_chat text NOT NULL);
  -- Each chat's own rules (src/core/chat-rules.ts), by destination; absent = the defaults.
  CREATE TABLE bankbell_chat_rules (dest text PRIMARY KEY, rules jsonb NOT NULL);
  `,
  `
  -- The last day (YYYY-MM-DD in TZ_DISPLAY) each destination's daily /summary was posted.
  CREATE TABLE bankbell_summaries (dest text PRIMARY KEY, day text NOT NULL);
  -- Service notices told whose end is not told yet, by problem (provider:<name>, chat:<destination>).
  CREATE TABLE bankbell_told_problems (key text PRIMARY KEY, told jsonb NOT NULL);
  -- Alerts delivered with the acknowledge button: which payments each message carried.
  CREATE TABLE bankbell_alert_messages (
    dest text NOT NULL,
    ref text NOT NULL,
    keys text[] NOT NULL,
    at bigint NOT NULL,
    PRIMARY KEY (dest, ref)
  );
  CREATE INDEX bankbell_alert_messages_at ON bankbell_alert_messages (at);
  -- The first press per payment and chat.
  CREATE TABLE bankbell_acknowledgements (
    key text NOT NULL,
    dest text NOT NULL,
    by_name text NOT NULL,
    at bigint NOT NULL,
    PRIMARY KEY (key, dest)
  );
  CREATE INDEX bankbell_acknowledgements_at ON bankbell_acknowledgements (at);
  `,
  `
  -- /qr payment requests (src/core/payment-request.ts), by their code.
  CREATE TABLE bankbell_payment_requests (code text PRIMARY KEY, request jsonb NOT NULL);
  `,
  `
  -- /qr requests done with (SettledRequest in src/core/payment-request.ts), moved out of
  -- bankbell_payment_requests so that the requests every bot holds stay few; kept 45 days.
  CREATE TABLE bankbell_settled_requests (
    seq bigserial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    request jsonb NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE INDEX bankbell_settled_requests_created_at ON bankbell_settled_requests (created_at);
  `,
  `
  -- Destinations whose chat moved to a new id (moved, in src/store/state-schema.ts). The rows
  -- of bankbell_chat_migrations (Telegram chat ids, as older bankbells wrote them) are read too.
  CREATE TABLE bankbell_moved (dest text PRIMARY KEY, to_id text NOT NULL);
  -- The /qr request each payment answered (RequestAnswer), recorded with it from now on, and
  -- for the payments already stored, taken from the requests kept.
  ALTER TABLE bankbell_history ADD COLUMN answered jsonb;
  UPDATE bankbell_history h SET answered = jsonb_build_object('code', s.code, 'note', s.request->>'note')
    FROM bankbell_settled_requests s WHERE s.request->'keys' ? h.key;
  UPDATE bankbell_history h SET answered = jsonb_build_object('code', r.code, 'note', r.request->>'note')
    FROM bankbell_payment_requests r
    WHERE EXISTS (
      SELECT 1 FROM jsonb_array_elements(r.request->'payments') p
      WHERE p->>'key' = h.key OR p->'sameAs' @> jsonb_build_array(jsonb_build_object('key', h.key))
    );
  `,
  `
  -- Each chat's counter screen link (CounterLink in src/core/counter-link.ts), by destination;
  -- /counter off deletes it.
  CREATE TABLE bankbell_counter_links (
    dest text PRIMARY KEY,
    secret text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
  );
  `,
  `
  -- /check answers (src/core/payment-check.ts), waiting or answered recently, by their id.
  CREATE TABLE bankbell_payment_checks (id text PRIMARY KEY, "check" jsonb NOT NULL);
  `,
  `
  -- What /find, /report, /export and /qr's code search look for, as columns with indexes
  -- (history-queries.ts): written with each payment (tables.ts, searchColumns), and for the rows
  -- stored before, filled by bankbell at start (fold-history.ts), as SQL cannot fold text the
  -- way bankbell does. The text index (pg_trgm) is made apart, where the server has it.
  ALTER TABLE bankbell_history
    ADD COLUMN account text,
    ADD COLUMN occurred_ms bigint,
    ADD COLUMN amount_abs bigint,
    ADD COLUMN folded text;
  CREATE INDEX bankbell_history_unfolded ON bankbell_history (seq) WHERE folded IS NULL;
  CREATE INDEX bankbell_history_occurred ON bankbell_history (occurred_ms, key COLLATE "C");
  CREATE INDEX bankbell_history_account ON bankbell_history (account, occurred_ms);
  CREATE INDEX bankbell_history_amount ON bankbell_history (amount_abs, account, occurred_ms);
  -- The numberings (src/core/payment-aliases.ts) of the names in bankbell_payment_names: a bot
  -- holding only recent history in memory asks for a new payment's names under each.
  CREATE TABLE bankbell_numberings (numbering text PRIMARY KEY);
  INSERT INTO bankbell_numberings SELECT DISTINCT substring(name from '[^|]*$') FROM bankbell_payment_names;
  `,
];

export const SCHEMA_VERSION = STEPS.length;

/** Any number for the transaction lock that keeps two bots starting at once from both creating the tables (or the text index). */
export const MIGRATION_LOCK = 0x62616e6b;

/**
 * Creates or upgrades the tables, in one transaction. Returns the version found, so that a
 * database written by a newer bankbell is refused rather than misread.
 */
export async function migrate(client: ClientBase): Promise<{ from: number; to: number }> {
  return inTransaction(client, 'BEGIN', async () => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS bankbell_schema (version int NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM bankbell_schema');
    const from = rows[0]?.version ?? 0;
    if (from > SCHEMA_VERSION) {
      throw new Error(
        `the database holds bankbell tables of version ${from}, newer than this bankbell knows (${SCHEMA_VERSION}): run the newer bankbell, or use another database`,
      );
    }
    for (const step of STEPS.slice(from)) await client.query(step);
    if (rows.length === 0) await client.query('INSERT INTO bankbell_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
    else await client.query('UPDATE bankbell_schema SET version = $1', [SCHEMA_VERSION]);
    return { from, to: SCHEMA_VERSION };
  });
}
