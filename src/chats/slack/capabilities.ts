import type { ChatCapability } from '../../core/command.js';

/** Slack: Block Kit buttons (the acknowledge button); no `/start`. */
export const CAPABILITIES: readonly ChatCapability[] = ['buttons'];
