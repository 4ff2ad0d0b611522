import { providerNames } from '../../src/providers/index.js';
import type { Locale } from '../../src/core/locale.js';
import type { RenderContext } from '../../src/render/messages.js';

/** The bot's render context as the app makes it: `locale`, times in `timeZone`, the providers named as people know them. */
export function renderContext(locale: Locale, timeZone = 'Asia/Ho_Chi_Minh'): RenderContext {
  return { timeZone, locale, providers: providerNames() };
}
