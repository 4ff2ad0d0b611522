import type { Locale } from '../../core/locale.js';
import { ackButtonLabel } from '../../render/acknowledgement.js';

/**
 * `callback_data` of the acknowledge button. The message it is under says what it acknowledges
 * (the state remembers which payments each alert carried), so the data needs no id of its own.
 */
export const ACK_CALLBACK_DATA = 'ack';

export interface AckKeyboard {
  inline_keyboard: { text: string; callback_data: string }[][];
}

/** The one-button inline keyboard under an alert. */
export function ackKeyboard(locale: Locale): AckKeyboard {
  return { inline_keyboard: [[{ text: ackButtonLabel(locale), callback_data: ACK_CALLBACK_DATA }]] };
}
