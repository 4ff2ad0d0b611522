/** `ChatDeps.pace` for a chat tested without the bot's send budgets: every answer goes at once. */
export const unpaced = async () => () => undefined;
