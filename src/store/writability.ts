import type { LogFields, Logger } from '../log/logger.js';

export interface WritabilityOptions {
  logger: Logger | undefined;
  /** Where the state lives, for the log (`data_dir`, `database`). */
  where: LogFields;
  /** What the operator can do about a state that cannot be written. */
  fix: string;
  retryMs: number;
}

/** What the store does about it: one more write, tried every `retryMs` while the state is unwritable; and, once writing works again, tell (the dispatcher resumes). */
export interface WritabilityWatcher {
  retry: () => void;
  onBack: () => void;
}

/**
 * Whether the state can be written, told once each way: the first failed write logs
 * `state.unwritable` with the fix and starts trying again on its own; the first write that
 * works after that logs `state.writable_again`.
 */
export class Writability {
  private writableNow = true;
  private retryTimer: NodeJS.Timeout | undefined;
  private watcher: WritabilityWatcher = { retry: () => undefined, onBack: () => undefined };

  constructor(private readonly options: WritabilityOptions) {}

  /** Set by the store that holds the state: the persistence that tells it cannot write it itself. */
  watch(watcher: WritabilityWatcher): void {
    this.watcher = watcher;
  }

  get writable(): boolean {
    return this.writableNow;
  }

  failed(error: unknown): void {
    if (!this.writableNow) return;
    this.writableNow = false;
    this.options.logger?.error('state.unwritable', { ...this.options.where, error: String(error), fix: this.options.fix });
    // A failed try was already told (once, here); a success is told by succeeded().
    this.retryTimer = setInterval(() => this.watcher.retry(), this.options.retryMs);
    this.retryTimer.unref();
  }

  succeeded(): void {
    if (this.writableNow) return;
    this.writableNow = true;
    clearInterval(this.retryTimer);
    this.options.logger?.info('state.writable_again', this.options.where);
    this.watcher.onBack();
  }

  stop(): void {
    clearInterval(this.retryTimer);
  }
}
