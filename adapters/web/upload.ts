/**
 * `POST /v3/directline/conversations/:id/upload`: a message with files, as Web Chat
 * (botframework-directlinejs) and Baton's widget send it: `multipart/form-data` with a part named
 * `activity` (the message as JSON, type application/vnd.microsoft.activity) and one part per file.
 * Each file is sniffed, checked against the web channel's limits and the customer's upload budget,
 * stored, and the message runs as a turn with the files attached (dialogs/media.ts). The client's own
 * attachment list, content types and names are not believed: only the bytes are.
 *
 * A refused file refuses the whole message (nothing is stored or run): the client gets a 4xx naming
 * the limit, and the customer reads why in the conversation, in their language.
 *
 * Memory: the router admits MEDIA_UPLOAD_CONCURRENCY uploads per instance (adapters/upload-gate.ts)
 * before reading a body. The body is parsed from a view of express's buffer (no copy of ours; the
 * platform's multipart parser makes its own), then let go; each file's bytes exist only while that
 * file is checked and stored.
 */
import type { Activity } from '../../dialogs/turn-kit.js';
import type { Request, Response } from 'express';
import { toActivityAttachment, type MediaAttachment } from '../../dialogs/media.js';
import { RequestError } from '../../infra/errors.js';
import type { MediaKit } from '../media-intake.js';
import { type MediaRefusal, mediaLimitFor, mediaRefusalText } from '../media-limits.js';
import type { DirectLineAdapter, IncomingContext } from './directline-adapter.js';
import { refuseServerMarkers, validatePostedActivity } from './request-guards.js';

/** The largest upload body: the web's largest file plus room for a few more and the multipart envelope. */
export const UPLOAD_BODY_LIMIT = 25 * 2 ** 20;
/** Retry-After of an upload refused because MEDIA_UPLOAD_CONCURRENCY are in flight. */
export const UPLOAD_RETRY_AFTER_SECONDS = 5;

const STATUS: Readonly<Record<MediaRefusal['code'], [number, string]>> = {
  empty: [400, 'BadArgument'],
  unknown_type: [415, 'UnsupportedMediaType'],
  type_not_allowed: [415, 'UnsupportedMediaType'],
  too_large: [413, 'MessageSizeTooBig'],
  too_many: [400, 'BadArgument'],
  rate_limited: [429, 'TooManyRequests'],
  unavailable: [503, 'ServiceUnavailable'],
};

export interface UploadOptions {
  readonly adapter: DirectLineAdapter;
  readonly media: MediaKit;
  readonly maxTextLength: number;
  readonly logic: Parameters<DirectLineAdapter['processActivity']>[2];
}

/** Reads the multipart body: the activity part and the files. @throws RequestError 400 for a malformed body. */
async function readForm(req: Request): Promise<{ activity: Record<string, unknown>; files: File[] }> {
  const type = req.get('content-type') ?? '';
  if (!/^multipart\/form-data;/i.test(type) || !Buffer.isBuffer(req.body))
    throw new RequestError(400, 'BadArgument', 'Send files as multipart/form-data: a part named "activity" (JSON) and one part per file.');
  let form: FormData;
  try {
    const body: Buffer = req.body;
    form = await new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new RequestError(400, 'BadArgument', 'The multipart body could not be read; check its boundary and parts.');
  } finally {
    // The parsed form holds the files now; the raw body need not live while they are stored.
    req.body = undefined;
  }
  let activity: Record<string, unknown> = { type: 'message' };
  const files: File[] = [];
  for (const [name, value] of form.entries()) {
    if (name === 'activity') {
      try {
        activity = JSON.parse(typeof value === 'string' ? value : await value.text()) as Record<string, unknown>;
      } catch {
        throw new RequestError(400, 'BadArgument', 'The "activity" part must be a JSON activity, e.g. {"type":"message","text":"the parcel"}.');
      }
    } else if (typeof value !== 'string') files.push(value);
  }
  return { activity, files };
}

/**
 * Handles one upload.
 * @returns what the route answers: `{ id }` of the message, or throws RequestError with the refusal.
 */
export async function handleUpload(
  req: Request,
  res: Response,
  { adapter, media, maxTextLength, logic }: UploadOptions,
  incoming: IncomingContext,
  locale: string | undefined,
): Promise<void> {
  const { activity: posted, files } = await readForm(req);
  const activity = validatePostedActivity({ ...posted, type: 'message', attachments: [] }, maxTextLength);
  refuseServerMarkers({ ...posted, attachments: Array.isArray(posted.attachments) ? posted.attachments : [] } as Partial<Activity>);
  if (files.length === 0) throw new RequestError(400, 'BadArgument', 'The upload has no file part; attach at least one file.');
  const language = typeof activity.locale === 'string' ? activity.locale : (locale ?? 'en');
  const limit = mediaLimitFor('directline');
  const refuse = async (refusal: MediaRefusal): Promise<never> => {
    const text = mediaRefusalText(refusal, language);
    await adapter.tellCustomer(incoming, text).catch(() => undefined);
    const [status, code] = STATUS[refusal.code];
    throw new RequestError(status, code, text);
  };
  if (files.length > limit.perMessage) await refuse({ code: 'too_many', limit: limit.perMessage });
  // Whose budget: the user the token binds, else the client's address (an anonymous client picks its own ids).
  const customerKey = incoming.userId ? `directline:${incoming.userId}` : `directline-addr:${req.ip ?? 'unknown'}`;
  const stored: MediaAttachment[] = [];
  // Taken off the list one by one: a stored file's bytes are not held while the next is read.
  for (let file = files.shift(); file; file = files.shift()) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = await media.accept({ channel: 'directline', conversationId: incoming.conversationId, customerKey, bytes, name: file.name });
    if (!result.ok) {
      // All or nothing: the files already kept for this message go too.
      for (const item of stored) await media.store.delete(item.mediaId).catch(() => undefined);
      await refuse(result.refusal);
    } else stored.push(result.media);
  }
  const message: Partial<Activity> = { ...activity, attachments: stored.map((item) => toActivityAttachment(item)) };
  res.json(await adapter.processActivity(message, { ...incoming, ...(req.ip ? { clientAddress: req.ip } : {}) }, logic));
}
