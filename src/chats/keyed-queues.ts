/**
 * Answers to what people write, one queue per key (a chat, the presses on one message): the jobs
 * of a key run one after another, in the order they came (a rule change, then /settings, reads
 * as typed); jobs of different keys never wait for each other, so one slow answer (an /export,
 * a /balance waiting for a provider) holds up no other chat.
 */
export interface KeyedQueues {
  /** Runs `job` after the jobs queued under `key` before it; what it throws goes to `onError`. */
  push(key: string, job: () => Promise<void>, onError: (error: unknown) => void): void;
  /** Resolves once every job pushed so far has run. */
  settled(): Promise<void>;
}

export function createKeyedQueues(): KeyedQueues {
  const tails = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  return {
    push(key, job, onError) {
      const queued = (tails.get(key) ?? Promise.resolve()).then(job).catch(onError);
      tails.set(key, queued);
      inFlight.add(queued);
      void queued.finally(() => {
        inFlight.delete(queued);
        if (tails.get(key) === queued) tails.delete(key);
      });
    },
    settled: async () => {
      await Promise.all(inFlight);
    },
  };
}
