import { CHATS } from '../chats/index.js';
import type { Plugins } from '../config/schema.js';
import { PROVIDERS } from '../providers/index.js';

/** The registries whose config parts, with the shared variables, make up the environment every program reads. */
export const PLUGINS: Plugins = { providers: PROVIDERS, chats: CHATS };
