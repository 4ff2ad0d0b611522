import { z } from 'zod';

/*
 * What doctor reads from Slack's answers, parsed rather than trusted (a proxy or a changed API
 * may answer otherwise than the Web API's types say). Only the fields doctor uses are checked.
 */

export const AuthTest = z.object({
  user: z.string().optional(),
  team: z.string().optional(),
  response_metadata: z.object({ scopes: z.array(z.string()).optional() }).optional(),
});

export const ConversationInfo = z.object({
  channel: z.object({
    name: z.string().optional(),
    is_archived: z.boolean().optional(),
    is_member: z.boolean().optional(),
  }),
});
