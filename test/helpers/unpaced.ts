/** `ChatDeps.inTurn` for a chat tested without the bot's send budgets: every answer goes at once. */
export const unpaced = <T>(_target: string, send: () => Promise<T>): Promise<T> => send();
