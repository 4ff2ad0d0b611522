import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { StateFileError } from '../errors.js';
import { EMPTY_STATE, State } from '../state-schema.js';
import { readableRules } from '../stored-rules.js';
import { HistoryMark } from './history-journal.js';
import { isCode, nodeStoreFs, replaceFile, type StoreFs } from './store-fs.js';

/**
 * Before destinations could move in general, `state.json` named the Telegram groups that became
 * supergroups by chat id (`chatMigrations`). Read as moves of their `telegram:` destinations, and
 * still written, so that an older bankbell put back opens the file and follows them.
 */
const LEGACY = 'telegram:';

/**
 * `state.json`: the small state's slices, with how far the history journal is committed. States
 * written before a slice existed lack it.
 */
export const StoredState = State.extend({
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  history: HistoryMark.nullable(),
  chatMigrations: z.record(z.string(), z.string()).optional(),
}).transform(({ chatMigrations, ...stored }) => ({
  ...stored,
  moved: { ...Object.fromEntries(Object.entries(chatMigrations ?? {}).map(([chat, to]) => [`${LEGACY}${chat}`, to])), ...stored.moved },
}));
export type StoredState = z.output<typeof StoredState>;

/** The moves `chatMigrations` held: Telegram's, by chat id. */
function legacyMigrations(moved: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(moved).flatMap(([dest, to]) => (dest.startsWith(LEGACY) ? [[dest.slice(LEGACY.length), to]] : [])));
}

export function emptyStoredState(now: Date): StoredState {
  return { version: 1, createdAt: now.toISOString(), history: null, ...EMPTY_STATE };
}

/** The small state alone, without what only the file needs. */
export function stateOf({ version: _version, createdAt: _createdAt, history: _history, ...state }: StoredState): State {
  return state;
}

/**
 * The small lowdb state file (the state's slices, and the history mark). Each write is a temp file,
 * synced, renamed over the old one, and the directory synced: after a crash or a power loss
 * the file is the old or the new state, whole. Compact JSON keeps each write cheap. Our own
 * adapter rather than lowdb's file adapter, whose writer neither syncs the file nor the directory.
 */
export class DurableJsonFile implements Adapter<StoredState> {
  /** The chats whose rules the last read could not use (they follow the defaults). */
  unreadableRules: string[] = [];

  constructor(
    readonly file: string,
    private readonly fsys: StoreFs = nodeStoreFs,
  ) {}

  async read(): Promise<StoredState | null> {
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

  write(data: StoredState): Promise<void> {
    return replaceFile(this.fsys, this.file, JSON.stringify({ ...data, chatMigrations: legacyMigrations(data.moved) }));
  }
}

export async function openStateFile(
  file: string,
  now: Date,
  fsys?: StoreFs,
): Promise<{ db: Low<StoredState>; adapter: DurableJsonFile; created: boolean; unreadableRules: string[] }> {
  const adapter = new DurableJsonFile(file, fsys);
  const existing = await adapter.read();
  const db = new Low<StoredState>(adapter, existing ?? emptyStoredState(now));
  return { db, adapter, created: existing === null, unreadableRules: adapter.unreadableRules };
}

function parseState(file: string, text: string): { state: StoredState; unreadableRules: string[] } {
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
  const parsed = StoredState.safeParse(stored === null ? json : { ...stored.json, chatRules: stored.rules });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateFileError(file, `does not look like bankbell state (${issue?.path.join('.') || 'root'}: ${issue?.message})`, fix, {
      cause: parsed.error,
    });
  }
  return { state: parsed.data, unreadableRules: stored?.unreadable ?? [] };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
