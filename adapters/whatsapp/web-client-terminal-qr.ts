/**
 * The QR code of a whatsapp-web.js login, drawn in the terminal for the first login of a development
 * run. It goes to stderr: stdout carries the JSON log, and a log shipper would take the drawing for lines
 * of log. qrcode (already used by the ops page) draws it, so no second QR library is needed.
 */
import QRCode from 'qrcode';

/**
 * Draws `qr` (the string whatsapp-web.js emits) as half-block characters on `output`.
 * @example await printTerminalQr(qr); // scan it with WhatsApp > Linked devices
 */
export async function printTerminalQr(qr: string, output: NodeJS.WritableStream = process.stderr): Promise<void> {
  output.write(await QRCode.toString(qr, { type: 'terminal', small: true }));
}
