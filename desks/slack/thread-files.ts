/**
 * Files both ways in a ticket's thread.
 *
 * Out (customer or console agent → Slack): each stored file is uploaded into the thread the way
 * files.uploadV2 does it, in its three steps (files.getUploadURLExternal, the bytes to the upload URL,
 * files.completeUploadExternal), so the desk learns the file id first and tags it as its own before
 * Slack can announce the share.
 *
 * In (Slack agent → customer): a file the holder shares in the thread arrives as a `file_share`
 * message. A file the desk uploaded itself is recognised by that tag (its id), never by comparing text
 * or names, and skipped. Any other is downloaded from `url_private_download` with the bot token (only
 * from Slack's file host), bounded in size and time, checked from its bytes against the customer's
 * channel limits, stored, and sent with `sendMedia`.
 */
import { claimDelivery, wasClaimed } from '../../infra/dedupe-store.js';
import { keepsUpload, type MediaView } from '../../handoff/desk-api.js';
import type { MediaKit } from '../../adapters/media-intake.js';
import { readBounded } from '../../adapters/media-intake.js';
import { largestDownload, readStored } from '../../adapters/media-edge.js';
import { mediaRefusalText } from '../../adapters/media-limits.js';
import { DESK_READER, STILL_SENDING, WITHOUT_SUGGESTION, tellPrivately, threadMessageKey, type DeskParts } from './desk-context.js';

/** A file as a Slack message event lists it (the fields read here). */
export interface SlackEventFile {
  readonly id?: string;
  readonly name?: string;
  readonly size?: number;
  readonly mode?: string;
  readonly url_private_download?: string;
  readonly url_private?: string;
}

/** The namespace of the desk's own file ids in the dedupe store (shared by every instance on Redis). */
const OWN_FILES = 'slack-own-file';
/** Own uploads are remembered a week: Slack announces a share within seconds, and redelivers within hours. */
const OWN_FILE_TTL_SECONDS = 7 * 24 * 3600;
/** Files taken from one message; more are ignored (and the agent told). */
const MAX_FILES_PER_MESSAGE = 5;

/**
 * Uploads stored files into a ticket's thread; a file missing from the store (erased) is named instead.
 * Resolves the Slack file ids.
 */
export async function uploadToThread(
  parts: DeskParts,
  media: MediaKit,
  { channel, threadTs, files, comment }: { channel: string; threadTs: string; files: readonly MediaView[]; comment?: string },
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, file] of files.entries()) {
    const stored = await readStored(media, file.mediaId);
    if (!stored) {
      await parts.client.chat.postMessage({ channel, thread_ts: threadTs, text: `_(a ${file.kind} that is no longer stored)_` });
      continue;
    }
    const filename = file.name ?? `${file.kind}.${file.contentType.split('/')[1] ?? 'bin'}`;
    const { upload_url: uploadUrl, file_id: fileId } = await parts.client.files.getUploadURLExternal({ filename, length: stored.bytes.length });
    if (!uploadUrl || !fileId) throw new Error('Slack answered files.getUploadURLExternal without an upload URL');
    // Tagged before Slack can announce the share: the file_share event of this id is our own.
    await claimDelivery(parts.ownFiles, OWN_FILES, fileId, OWN_FILE_TTL_SECONDS);
    const response = await fetch(uploadUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${parts.settings.botToken}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(stored.bytes),
      signal: AbortSignal.timeout(60_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`Slack refused the upload of a ${file.kind} (HTTP ${response.status})`);
    await parts.client.files.completeUploadExternal({
      files: [{ id: fileId, title: filename }],
      channel_id: channel,
      thread_ts: threadTs,
      ...(index === 0 && comment ? { initial_comment: comment } : {}),
    });
    ids.push(fileId);
  }
  return ids;
}

/**
 * Handles the files of a holder's thread message; resolves true when it sent any (or refused them), so
 * the caller does not treat the message as text only.
 */
export async function onThreadFiles(
  parts: DeskParts,
  media: MediaKit,
  {
    ticketId,
    agentId,
    files,
    caption,
    messageTs,
    to,
  }: {
    ticketId: string;
    agentId: string;
    files: readonly SlackEventFile[];
    caption: string;
    /** The ts of the message that shared the files: with each file's place in it, the send's idempotency key. */
    messageTs: string;
    to: { channel: string; user: string; threadTs: string };
  },
): Promise<void> {
  const details = await parts.service.details(ticketId, DESK_READER, WITHOUT_SUGGESTION);
  if (!details) return;
  // With its place in the message: the key of its send (`slack:<channel>:<ts>:file:<n>`).
  const theirs: { file: SlackEventFile; place: number }[] = [];
  for (const [place, file] of files.entries()) {
    // An id the desk tagged when it uploaded it is our own share. Only read, not claimed: a run again of the
    // agent's message (after a crash) must still find the agent's files theirs; the send key stops a double.
    if (typeof file.id === 'string' && !(await wasClaimed(parts.ownFiles, OWN_FILES, file.id))) theirs.push({ file, place });
  }
  if (theirs.length === 0) return;
  if (theirs.length > MAX_FILES_PER_MESSAGE)
    await tellPrivately(parts, to, `Only the first ${MAX_FILES_PER_MESSAGE} files of a message go to the customer; send the others separately.`);
  const maxBytes = largestDownload(details.channel);
  for (const [index, { file, place }] of theirs.slice(0, MAX_FILES_PER_MESSAGE).entries()) {
    const bytes = await downloadSlackFile(parts, file, maxBytes);
    if (!bytes.ok) {
      await tellPrivately(parts, to, `Not sent to the customer: ${bytes.reason}`);
      continue;
    }
    const accepted = await media.accept({
      channel: details.channel,
      conversationId: details.conversationId,
      bytes: bytes.bytes,
      ...(file.name ? { name: file.name } : {}),
    });
    if (!accepted.ok) {
      await tellPrivately(parts, to, `Not sent to the customer: ${mediaRefusalText(accepted.refusal, 'en')}`);
      continue;
    }
    const key = `${threadMessageKey(to.channel, messageTs)}:file:${place}`;
    const result = await parts.thread.sendMedia(ticketId, agentId, accepted.media, index === 0 ? caption : undefined, { key });
    // Kept only where the customer has it or may have it: a run again of the message (answered as the first)
    // or a retry that sent an earlier attempt's file leaves this copy referenced by nothing.
    if (!keepsUpload(result, accepted.media.mediaId, true)) await media.store.delete(accepted.media.mediaId).catch(() => undefined);
    if (!result.ok) await tellPrivately(parts, to, result.code === 'in_progress' ? STILL_SENDING : `Not sent: ${result.message}`);
  }
}

type Downloaded = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * Downloads a shared file with the bot token, only from Slack's file host (or the configured API host,
 * a loopback fake in tests): the token never goes anywhere a forged URL points.
 */
async function downloadSlackFile(parts: DeskParts, file: SlackEventFile, maxBytes: number): Promise<Downloaded> {
  const url = file.url_private_download ?? file.url_private;
  if (typeof url !== 'string' || !isSlackFileUrl(url, parts.settings.apiUrl))
    return { ok: false, reason: 'Slack gave no downloadable file (an external link?).' };
  if (typeof file.size === 'number' && file.size > maxBytes)
    return { ok: false, reason: `the file is larger than the customer's channel takes (${Math.round(maxBytes / 2 ** 20)} MB).` };
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${parts.settings.botToken}` },
      redirect: 'error',
      signal: AbortSignal.timeout(30_000),
    });
    // Without access Slack answers its sign-in page with 200: HTML is never the file.
    if (!response.ok || response.headers.get('content-type')?.startsWith('text/html')) {
      await response.body?.cancel();
      return { ok: false, reason: 'the desk could not download it from Slack (is the app allowed to read files: files:read?).' };
    }
    const bytes = await readBounded(response.body, maxBytes);
    return bytes ? { ok: true, bytes } : { ok: false, reason: `the file is larger than the customer's channel takes (${Math.round(maxBytes / 2 ** 20)} MB).` };
  } catch (error) {
    parts.log?.warn({ err: error }, 'slack desk: a shared file could not be downloaded');
    return { ok: false, reason: 'the download from Slack failed; share it again in a moment.' };
  }
}

/** True for https://files.slack.com/..., or a URL on the configured Slack API host. */
export function isSlackFileUrl(url: string, apiUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:' && parsed.hostname === 'files.slack.com') return true;
  return apiUrl !== undefined && parsed.origin === new URL(apiUrl).origin;
}
