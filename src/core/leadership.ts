/**
 * Which bot does what only one may do: poll the providers, send alerts, long-poll Telegram.
 * With the state in DATA_DIR the bot is alone (the data directory's lock sees to that); with
 * a shared database, the bots elect one (src/store/postgres/leadership.ts).
 */
export interface Leadership {
  /** The epoch this bot leads in, or null when it does not lead (now, by its own clocks). */
  currentEpoch(): number | null;
  /** Called each time this bot takes the lead. */
  onElected(listener: () => void): void;
  /**
   * Called each time this bot loses the lead (replaced, or cut off from the database): it must
   * stop acting at once. It stands by and contends again on its own; it never has to exit.
   */
  onLost(listener: (reason: string) => void): void;
  /** For /healthz and /metrics. */
  describe(): LeaderView;
  /** Starts contending; resolves after the first try, so a bot that can lead at once does (its listeners told). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LeaderView {
  instance: string;
  leading: boolean;
  /** Since when this bot leads (ISO), null while it stands by. */
  since: string | null;
}
