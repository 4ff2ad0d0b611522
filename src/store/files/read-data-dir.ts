import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Acknowledgement, AlertMessage } from '../../core/acknowledgement.js';
import type { SettledRequest } from '../../core/payment-request.js';
import { AckJournal } from './ack-journal.js';
import { StateFileError } from '../errors.js';
import { HistoryJournal } from './history-journal.js';
import { lockDataDir } from './lock.js';
import { DurableJsonFile, type StoredState } from './state-file.js';
import { DEFAULT_RETENTION_DAYS } from '../persistence.js';
import { REQUEST_JOURNAL, withAnswers } from './file-store.js';
import { RequestJournal } from './request-journal.js';
import { nodeStoreFs } from './store-fs.js';
import type { HistoryInsert } from '../postgres/tables.js';

/** A DATA_DIR state as a whole: the state file and every history record still kept. */
export interface DataDirState {
  state: StoredState;
  history: HistoryInsert[];
  /** Alerts delivered with the acknowledge button, and the presses on them. */
  acknowledgements: { messages: AlertMessage[]; acks: Acknowledgement[] };
  /** /qr requests done with (those still in the state are in `state`). */
  settledRequests: SettledRequest[];
}

/**
 * Reads the state in `dataDir` as the bot would at start (the journal repaired to what the
 * state file committed), holding its lock meanwhile, so no bot changes it while it is read.
 */
export async function readDataDir(dataDir: string, now: Date): Promise<DataDirState> {
  if (!(await stat(dataDir).then((info) => info.isDirectory(), () => false))) {
    throw new StateFileError(dataDir, 'is not a directory', 'Point DATA_DIR at the directory the bot kept its state in');
  }
  const lock = await lockDataDir(path.join(dataDir, 'bankbell.lock'));
  try {
    const file = path.join(dataDir, 'state.json');
    const state = await new DurableJsonFile(file).read();
    if (state === null) throw new StateFileError(file, 'does not exist', 'Point DATA_DIR at the directory the bot kept its state in');
    const { days } = await HistoryJournal.open(path.join(dataDir, 'history'), state.history, {
      retentionDays: DEFAULT_RETENTION_DAYS,
      now,
      fs: nodeStoreFs,
    });
    const acknowledgements = (await AckJournal.open(path.join(dataDir, 'acknowledgements.jsonl'), nodeStoreFs)).entries();
    const live = new Set(state.paymentRequests.map((r) => r.code));
    const { requests } = await RequestJournal.open(path.join(dataDir, REQUEST_JOURNAL), nodeStoreFs);
    const settledRequests = requests.filter((r) => !live.has(r.code));
    const history = withAnswers(days, state.paymentRequests, settledRequests).flatMap(({ file: day, records }) =>
      records.map(({ tx, alert, storedAt, answered }) => ({ tx, alert, storedAt, day: day.slice(0, 10), answered: answered ?? null })),
    );
    return { state, history, acknowledgements, settledRequests };
  } finally {
    await lock.release();
  }
}
