/** The state on disk cannot be used as it is; starting anyway would re-alert or skip payments. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}. ${fix}`, options);
    this.name = 'StateFileError';
  }
}

/** Another bankbell already runs on this data directory. */
export class StateLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `another bankbell (pid ${pid}) is running on this data directory (${lockFile}). ` +
        'Two bots on one DATA_DIR would overwrite each other\'s state: stop the other one, or give this one its own DATA_DIR.',
    );
    this.name = 'StateLockedError';
  }
}

/** A write only the leader may make, refused because this bot does not lead (any more). */
export class NotLeaderError extends Error {
  constructor(what: string) {
    super(`${what} refused: this bot does not lead (another bot took over)`);
    this.name = 'NotLeaderError';
  }
}
