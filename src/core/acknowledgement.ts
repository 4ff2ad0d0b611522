import { z } from 'zod';

/**
 * One chat saying "seen, the money is here" for one payment: who pressed the alert's button,
 * when, and in which destination. Only the first press per payment and chat counts.
 */
export const Acknowledgement = z.object({
  /** The transaction's key (`provider:id`). */
  key: z.string(),
  /** The destination the button was pressed in (`telegram:<chat id>`, `slack:<channel id>`). */
  dest: z.string(),
  /** The presser's name as the platform showed it: untrusted text. */
  by: z.string(),
  /** When (epoch ms). */
  at: z.number(),
});
export type Acknowledgement = z.infer<typeof Acknowledgement>;

/**
 * An alert message that carries the acknowledge button: which payments it announced, so that a
 * press knows what it acknowledges and the message can be drawn again without the button.
 */
export const AlertMessage = z.object({
  dest: z.string(),
  /** The platform's reference of the message part that carries the button. */
  ref: z.string(),
  keys: z.array(z.string()).min(1),
  /** When it was delivered (epoch ms); forgotten with the history. */
  at: z.number(),
});
export type AlertMessage = z.infer<typeof AlertMessage>;

/** A press on the button of the message `ref` in `dest`. */
export interface Press {
  dest: string;
  ref: string;
  by: string;
  at: number;
}

/**
 * What a press did: nothing when the message is unknown (not an alert of this bot, or older
 * than the history); otherwise the message, the payments this press acknowledged for the first
 * time (none for a repeated press), and every acknowledgement of its payments in that chat.
 */
export type PressOutcome = { message: null } | { message: AlertMessage; fresh: readonly string[]; acks: readonly Acknowledgement[] };

/**
 * The acknowledgements recorded in `dest` for a press on `message`, given those already there:
 * the first press per payment and chat wins.
 */
export function firstPresses(message: AlertMessage, press: Press, existing: readonly Acknowledgement[]): Acknowledgement[] {
  const acked = new Set(existing.filter((a) => a.dest === message.dest).map((a) => a.key));
  return [...new Set(message.keys)].filter((key) => !acked.has(key)).map((key) => ({ key, dest: message.dest, by: press.by, at: press.at }));
}
