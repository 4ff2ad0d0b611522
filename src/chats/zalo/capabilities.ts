import type { ChatCapability } from '../../core/command.js';

/** Zalo has nothing beyond every chat's commands: no `/start`, no buttons. */
export const CAPABILITIES: readonly ChatCapability[] = [];
