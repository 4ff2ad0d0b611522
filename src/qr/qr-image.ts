/**
 * Draws a payload as a QR code. `qrcode` is loaded on first use: a bot nobody asks for a QR
 * code does not carry it in memory.
 */

/** A PNG a phone camera reads from a chat photo: medium error correction, a quiet zone of 4 modules. */
export async function qrPng(payload: string): Promise<Buffer> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
}

/** The same code drawn with half-block characters, for the demo's terminal. */
export async function qrTerminal(payload: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(payload, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}
