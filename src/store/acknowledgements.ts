import { firstPresses, type Acknowledgement, type AlertMessage, type Press } from '../core/acknowledgement.js';

/** The acknowledgements made in `dest` of the payments `keys`. */
export function acknowledgedIn(acks: readonly Acknowledgement[], dest: string, keys: readonly string[]): Acknowledgement[] {
  const wanted = new Set(keys);
  return acks.filter((a) => a.dest === dest && wanted.has(a.key));
}

/** What a press adds to the acknowledgements held in memory (the file store holds them all). */
export function pressOn(
  messages: readonly AlertMessage[],
  acks: readonly Acknowledgement[],
  press: Press,
): { message: AlertMessage; fresh: Acknowledgement[] } | null {
  const message = messages.find((m) => m.dest === press.dest && m.ref === press.ref);
  return message === undefined ? null : { message, fresh: firstPresses(message, press, acks) };
}

/** Records delivered since `cutoff` (epoch ms): these are kept as long as the history. */
export function since<T extends { at: number }>(records: readonly T[], cutoff: number): T[] {
  return records.filter((r) => r.at >= cutoff);
}
