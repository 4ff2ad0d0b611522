import type { ChatCapability } from '../../core/command.js';

/** Telegram: inline buttons, and `/start` (which also tells a chat its id). */
export const CAPABILITIES: readonly ChatCapability[] = ['start', 'buttons'];
