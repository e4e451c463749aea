/**
 * What may be written to a store: the rule "no full card or national ID number at rest" (PCI DSS 3.4,
 * PIPL art. 28), applied at one choke point per store kind (README, "Privacy"). Two strengths:
 *
 * - `maskSensitive`: sensitive numbers only (cards, national IDs, IBANs: every detector kind but the
 *   contact kinds below), plus any long digit run. For what the customer's own channel replays (the
 *   Direct Line log) and what dialogs carry to the next turn (conversation state): an e-mail, phone
 *   or address the customer typed must still reach them and the dialog that asked for it.
 * - `maskForRecord`: every kind, as agents see it. For transcripts, which only desks read.
 *
 * The dialogs still see the customer's words unmasked in memory during the turn; only what is stored
 * is masked.
 */
import { parseMediaId } from '../../infra/media/media-store.js';
import type { PiiKind } from './detectors.js';
import { type MaskOptions, maskPii, maskText, withScanBudget } from './mask-pii.js';

/** Kinds the customer's channel and dialogs may need back: masked in records, kept in replays. */
const contactKinds: readonly PiiKind[] = ['email', 'phone', 'address'];

// Every kind the detectors know (the counts list them all), so a kind added later (a national ID,
// an IBAN) is masked at rest without a change here.
const sensitiveKinds = (Object.keys(maskPii('').found) as PiiKind[]).filter((kind) => !contactKinds.includes(kind));

/**
 * A safety net under the detectors: 16 or more digits in a row (single spaces or dashes between
 * groups allowed), optionally ending in X as a Chinese resident ID does. No account id, phone or
 * order number a channel uses is that long (E.164 stops at 15 digits), while every common card
 * (also one mistyped, which fails Luhn) and every 18-character resident ID is. Linear: a match
 * starts only at the beginning of a digit run, and a failed one gives back that run alone.
 * A digit is any script's (\p{Nd}: full-width, Arabic-Indic, Devanagari...), as the detectors read them.
 */
const longNumber = /(?<![\w+*\p{Nd}])\p{Nd}(?:[ \-　－]?\p{Nd}){15,}(?:[XxＸｘ](?![\w\p{Nd}])|(?![\w*\p{Nd}]))/gu;
// Full-width X counts as its ASCII twin, as the detectors read it (normalize.ts).
const digitOrX = /[\p{Nd}XxＸｘ]/gu;

function maskLongNumbers(text: string): string {
  return text.replace(longNumber, (run) => {
    const keep = 4;
    let digitsLeft = run.match(digitOrX)?.length ?? 0;
    return run.replace(digitOrX, (d) => (digitsLeft-- > keep ? '*' : d));
  });
}

/**
 * Masks sensitive numbers (cards, national IDs, IBANs, any run of 16+ digits), keeping the last 4
 * characters, and leaves e-mails, phones and addresses as they are.
 * @example maskSensitive('card 4111 1111 1111 1111, mail a@b.co') // 'card **** **** **** 1111, mail a@b.co'
 */
export function maskSensitive(text: string): string {
  // Every sensitive kind is mostly digits, of any script as the detectors read them (the ASCII view): a
  // text without one has nothing to mask. Most strings of a conversation's state are such texts, and
  // the whole state is masked at every write.
  if (!/\p{Nd}/u.test(text)) return text;
  return maskLongNumbers(maskText(text, { kinds: sensitiveKinds }));
}

/**
 * Masks every kind (as the desks show it) and any run of 16+ digits.
 * @example maskForRecord('mail jane@shop.example') // 'mail j***@shop.example'
 */
export function maskForRecord(text: string, options?: Pick<MaskOptions, 'locale'>): string {
  return maskLongNumbers(maskText(text, options));
}

// Deep enough for any activity or dialog state; deeper values are left as they are (none is expected).
const maxDepth = 24;

/**
 * `value` with `mask` applied to every string in arrays and plain objects, except under the keys in `keep`
 * (ids, eTags: masking them would break what they point to). An array or object is copied only when a
 * string inside it changed; the rest is returned as it is, shared (most of a conversation's state has
 * nothing to mask, and it is masked at every write). Other objects (Date, class instances) are kept as
 * they are; cycles are cut.
 */
export function maskStrings<T>(value: T, mask: (text: string) => string, keep: ReadonlySet<string> = new Set()): T {
  const seen = new WeakSet<object>();
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return mask(node);
    if (node === null || typeof node !== 'object' || depth >= maxDepth || seen.has(node)) return node;
    if (Array.isArray(node)) {
      seen.add(node);
      let out: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        const masked = walk(item, depth + 1);
        if (masked !== item && !out) out = node.slice(0, i);
        out?.push(masked);
      }
      seen.delete(node);
      return out ?? node;
    }
    const proto: unknown = Object.getPrototypeOf(node);
    if (proto !== Object.prototype && proto !== null) return node;
    seen.add(node);
    const record = node as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const item = record[key];
      const masked = keep.has(key) ? item : walk(item, depth + 1);
      if (masked !== item && !out) {
        out = {};
        for (const before in record) {
          if (before === key) break;
          if (Object.hasOwn(record, before)) out[before] = record[before];
        }
      }
      if (out) out[key] = masked;
    }
    seen.delete(node);
    return out ?? node;
  };
  // One libphonenumber budget for the whole structure: many short strings of digits cost what one long text does.
  return withScanBudget(() => walk(value, 0)) as T;
}

/** The parts of an activity that carry what people wrote; ids, addresses and timestamps stay. */
const activityTextFields = ['text', 'speak', 'summary', 'value', 'attachments', 'suggestedActions', 'channelData', 'entities'] as const;
const idKeys = new Set(['id', 'conversationId', 'replyToId', 'serviceUrl', 'channelId', 'clientActivityID', 'eTag']);

/**
 * A copy of an activity (any object with Activity's fields) whose texts, values, attachments, buttons
 * and channel data went through `mask`; the ids in `from`, `recipient` and `conversation` are kept, as
 * the stores key and route by them, their display names are masked (a client chooses them).
 */
export function maskActivity<T extends object>(activity: T, mask: (text: string) => string): T {
  const out = { ...activity } as Record<string, unknown>;
  for (const field of activityTextFields) if (field in out && out[field] !== undefined) out[field] = maskStrings(out[field], mask, idKeys);
  keepMediaIds(activity as { attachments?: unknown }, out);
  // Display names are the client's to choose (a customer's is also the recipient of each reply).
  for (const party of ['from', 'recipient', 'conversation'] as const) {
    const account = out[party] as { name?: unknown } | undefined;
    if (account && typeof account.name === 'string') out[party] = { ...account, name: mask(account.name) };
  }
  return out as T;
}

/**
 * Puts back the ids of stored files (dialogs/media.ts: `content.baton === 'media'`, a mark only the
 * server sets) that the mask changed: a media id is random base64url, and about one in five thousand
 * reads as an IBAN or a long number, which would leave the file unreachable from the log and the
 * transcript. Only a well-formed media id is kept; anything else under the key stays masked.
 */
function keepMediaIds(original: { attachments?: unknown }, out: Record<string, unknown>): void {
  if (!Array.isArray(original.attachments) || !Array.isArray(out.attachments)) return;
  const masked = out.attachments as unknown[];
  out.attachments = masked.map((item, index) => {
    const content = (original.attachments as unknown[])[index] as { content?: { baton?: unknown; mediaId?: unknown } } | null | undefined;
    const mediaId = content?.content?.mediaId;
    if (content?.content?.baton !== 'media' || !parseMediaId(mediaId)) return item;
    const copy = item as { content?: Record<string, unknown> };
    return { ...copy, content: { ...copy.content, mediaId } };
  });
}
