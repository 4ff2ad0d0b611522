import { expect } from 'vitest';

/** Realistic-looking credentials; random enough that no 10-character window occurs in our wording. */
export const SECRETS = {
  CASSO_API_KEY: 'AK_CS.8f14e45fceea167a5a36dedd4bea2543.Qm9vZ2xlV29vZ2xlQmFua2JlbGxfa2V5',
  SEPAY_API_TOKEN: 'Z2X7QK9M4N8P1R5T3V6W0Y2A4C6E8G1J',
  TELEGRAM_BOT_TOKEN: '7412589630:AAF3kQ9zXw-YbVt_5RmLpN2cHdJgE8sUoIq',
  SLACK_BOT_TOKEN: 'xoxb-5830274619302-7742918305617-Rk2LwQ9vZc8NbT3yHf6JpXsA',
  SLACK_SIGNING_SECRET: 'c9e1a7f3b2d84e6f90a1b3c5d7e9f2a4',
  SLACK_APP_TOKEN: 'xapp-1-A07QX3K9L2M-6620391847562-f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a59687',
  CASSO_WEBHOOK_SECRET: 'whsec_9c1185a5c5e9fc54612808977ee8f548b2258d31',
  CASSO_WEBHOOK_SECURE_TOKEN: 'q7Vf-k2Lz-9Tx4-Wm8R',
  SEPAY_WEBHOOK_API_KEY: 'sp_live_4f9a8b7c6d5e4f3a2b1cX7',
  ZALO_BOT_TOKEN: '3159624870512234789:Vq8HnR2xKwT5mZ9cLp4sJ7dYbF3gA6eU',
} as const;

/** Fails if any 10-character piece of any secret appears in `text`. */
export function expectNoSecretIn(text: string, secrets: readonly string[] = Object.values(SECRETS)): void {
  for (const secret of secrets) {
    for (let i = 0; i + 10 <= secret.length; i++) {
      const piece = secret.slice(i, i + 10);
      expect(text.includes(piece), `message leaks a piece of a secret: ${piece}`).toBe(false);
    }
  }
}
