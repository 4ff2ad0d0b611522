import { z } from 'zod';

/*
 * What the bot reads from the Bot API's results, parsed rather than trusted (docs/zalo.md says
 * what the published clients show). Only the fields the bot uses are required; the rest passes.
 * Ids are strings, but some samples give numbers: either is read as a string.
 */

const Id = z.union([z.string().min(1), z.number()]).transform(String);

/** `getMe`. */
export const BotInfo = z.object({
  id: Id,
  account_name: z.string().optional(),
  display_name: z.string().optional(),
  name: z.string().optional(),
});
export type BotInfo = z.infer<typeof BotInfo>;

/** `sendMessage` and `sendPhoto`. */
export const SentMessage = z.object({ message_id: Id });

/** `sendChatAction` answers `{ok: true}`, with no result to read. */
export const NoResult = z.unknown();

/** `getWebhookInfo`: an empty `url` when none is set. */
export const WebhookInfo = z.object({ url: z.string() });

/**
 * One update of `getUpdates`: the event and its message. The docs' sample has no event name and
 * names the sender `first_name`; clients read `display_name`.
 */
export const Update = z.object({
  event_name: z.string().optional(),
  message: z.object({
    text: z.string().optional(),
    chat: z.object({ id: Id, chat_type: z.string().optional() }),
    from: z
      .object({
        id: Id,
        display_name: z.string().nullish(),
        first_name: z.string().nullish(),
        is_bot: z.boolean().optional(),
      })
      .optional(),
  }),
});
export type Update = z.infer<typeof Update>;

/** The event of a text message; every other event (image, sticker, voice…) carries no command. */
export const TEXT_EVENT = 'message.text.received';
