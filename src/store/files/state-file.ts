import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import { StateFileError } from '../errors.js';
import { emptyState, State } from '../state-schema.js';
import { isCode, nodeStoreFs, replaceFile, type StoreFs } from './store-fs.js';
import { readableRules } from '../stored-rules.js';

/**
 * The small lowdb state file (cursors, outbox, history mark). Each write is a temp file,
 * synced, renamed over the old one, and the directory synced: after a crash or a power loss
 * the file is the old or the new state, whole. Compact JSON keeps each write cheap. Our own
 * adapter rather than lowdb's file adapter, whose writer neither syncs the file nor the directory.
 */
export class DurableJsonFile implements Adapter<State> {
  /** The chats whose rules the last read could not use (they follow the defaults). */
  unreadableRules: string[] = [];

  constructor(
    readonly file: string,
    private readonly fsys: StoreFs = nodeStoreFs,
  ) {}

  async read(): Promise<State | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (cause) {
      if (isCode(cause, 'ENOENT')) return null;
      throw new StateFileError(this.file, 'cannot be read', 'Check its permissions and that DATA_DIR is right', { cause });
    }
    const { state, unreadableRules } = parseState(this.file, text);
    this.unreadableRules = unreadableRules;
    return state;
  }

  write(data: State): Promise<void> {
    return replaceFile(this.fsys, this.file, JSON.stringify(data));
  }
}

export async function openStateFile(
  file: string,
  now: Date,
  fsys?: StoreFs,
): Promise<{ db: Low<State>; adapter: DurableJsonFile; created: boolean; unreadableRules: string[] }> {
  const adapter = new DurableJsonFile(file, fsys);
  const existing = await adapter.read();
  const db = new Low<State>(adapter, existing ?? emptyState(now));
  return { db, adapter, created: existing === null, unreadableRules: adapter.unreadableRules };
}

function parseState(file: string, text: string): { state: State; unreadableRules: string[] } {
  const fix =
    'Restore it from a backup. Deleting it makes bankbell start afresh: it would skip payments that arrived ' +
    'while it was down and alert none of them';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new StateFileError(file, 'is not valid JSON (damaged?)', fix, { cause });
  }
  // One chat's rules that cannot be read cost that chat its rules, not the whole state.
  const stored = isObject(json) && isObject(json['chatRules']) ? { json, ...readableRules(Object.entries(json['chatRules'])) } : null;
  const parsed = State.safeParse(stored === null ? json : { ...stored.json, chatRules: stored.rules });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateFileError(file, `does not look like bankbell state (${issue?.path.join('.') || 'root'}: ${issue?.message})`, fix, {
      cause: parsed.error,
    });
  }
  return { state: parsed.data, unreadableRules: stored?.unreadable ?? [] };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
