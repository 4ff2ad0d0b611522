import { z } from 'zod';

/*
 * What doctor reads from Telegram's answers, parsed rather than trusted: a proxy, an old or a
 * newer Bot API can answer with shapes grammY's types do not promise. Only the fields doctor
 * uses are required; the rest passes.
 */

export const BotIdentity = z.object({ id: z.number().int(), username: z.string(), supports_guest_queries: z.boolean().optional() });
export type BotIdentity = z.infer<typeof BotIdentity>;

export const ChatInfo = z.object({
  type: z.enum(['private', 'group', 'supergroup', 'channel']),
  title: z.string().optional(),
  first_name: z.string().optional(),
});
export type ChatInfo = z.infer<typeof ChatInfo>;

export const BotMembership = z.discriminatedUnion('status', [
  z.object({ status: z.literal('creator') }),
  z.object({ status: z.literal('administrator'), can_post_messages: z.boolean().optional() }),
  z.object({ status: z.literal('member') }),
  z.object({ status: z.literal('restricted'), is_member: z.boolean(), can_send_messages: z.boolean() }),
  z.object({ status: z.enum(['left', 'kicked']) }),
]);
export type BotMembership = z.infer<typeof BotMembership>;
