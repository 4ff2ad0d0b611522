import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { StateFileError } from './errors.js';
import { emptyState, State } from './state-schema.js';

/**
 * The small lowdb state file (cursors, outbox, history mark). lowdb writes through steno:
 * a temp file renamed over the old one, so a crash leaves the old or the new file, never a
 * torn one. Compact JSON keeps each write cheap. Built by hand rather than with
 * JSONFilePreset, which silently keeps data in memory when NODE_ENV=test.
 */
export async function openStateFile(file: string, now: Date): Promise<{ db: Low<State>; created: boolean }> {
  const adapter = new DataFile<State>(file, {
    parse: (text) => parseState(file, text),
    stringify: (data) => JSON.stringify(data),
  });
  let existing: State | null;
  try {
    existing = await adapter.read();
  } catch (cause) {
    if (cause instanceof StateFileError) throw cause;
    throw new StateFileError(file, 'cannot be read', 'Check its permissions and that DATA_DIR is right', { cause });
  }
  const db = new Low<State>(adapter, existing ?? emptyState(now));
  return { db, created: existing === null };
}

function parseState(file: string, text: string): State {
  const fix =
    'Restore it from a backup. Deleting it makes bankbell start afresh: it would skip payments that arrived ' +
    'while it was down and alert none of them';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new StateFileError(file, 'is not valid JSON (damaged?)', fix, { cause });
  }
  const parsed = State.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateFileError(file, `does not look like bankbell state (${issue?.path.join('.') || 'root'}: ${issue?.message})`, fix, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
