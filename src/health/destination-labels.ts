import { chatKey } from '../core/service-notice.js';
import { platformOf } from '../delivery/destination.js';

/**
 * How /healthz and /metrics name a destination: its platform and its place among that
 * platform's configured chats (`telegram-2` is the second entry of TELEGRAM_CHAT_IDS), never the
 * chat id: HEALTH_PORT listens on every interface, for a monitoring network the shop's chat ids
 * need not reach. The log names the chats themselves.
 */
export function destinationLabels(ids: readonly string[]): (dest: string) => string {
  const labels = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const id of ids) {
    const platform = platformOf(id);
    if (id === platform) {
      labels.set(id, id); // `console`: there is only one
      continue;
    }
    const place = (counts.get(platform) ?? 0) + 1;
    counts.set(platform, place);
    labels.set(id, `${platform}-${place}`);
  }
  return (dest) => labels.get(dest) ?? `${platformOf(dest)}-unconfigured`;
}

/** A problem's key as /healthz shows it: a chat's by its label (`chat:telegram-1`), the others as they are. */
export function problemLabel(key: string, label: (dest: string) => string, destinations: readonly string[]): string {
  const dest = destinations.find((d) => chatKey(d) === key);
  return dest === undefined ? key : chatKey(label(dest));
}
