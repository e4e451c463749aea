/**
 * Files on the Bot Framework channel, both ways.
 *
 * In: a message's file attachments (`contentUrl`, or a Teams file's `content.downloadUrl`) are
 * downloaded, bounded in size (the channel's limit) and time, and stored (adapters/media-intake.ts);
 * the turn then sees Baton's own media attachments. The bot's token goes only to the connector that
 * sent the activity (the serviceUrl's origin) and Azure's attachment hosts; files are fetched only from
 * those (or, anonymous, from the Emulator on this machine), never from any URL a message names.
 * A file that cannot be taken is refused with a message to the customer, and the turn does not run.
 *
 * Out: a media attachment gets a signed URL under PUBLIC_URL (channels fetch it from the internet);
 * without a public URL, a small file is sent inline as a data URL, a larger one as a refusal to the agent.
 */
import type { Activity, Attachment, TurnContext } from 'botbuilder-core';
import { buffer } from 'node:stream/consumers';
import { mediaOfAttachment, toActivityAttachment, type MediaAttachment } from '../../dialogs/media.js';
import { getLocale } from '../../dialogs/turn-state.js';
import { BatonError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import { largestDownload } from '../media-edge.js';
import { downloadMedia, type MediaKit } from '../media-intake.js';
import { mediaLimitFor, mediaRefusalText } from '../media-limits.js';
import { isLoopbackServiceUrl } from './authentication.js';

/** Azure's hosts that serve channel attachments with the bot's token. */
const AZURE_ATTACHMENT_HOSTS = /(^|\.)botframework\.(com|azure\.us)$/i;
/** Cards and other structured attachments: not files. */
const STRUCTURED = /^application\/vnd\.microsoft\.(card|teams\.card)/i;
/** Inline data URLs only up to this size (channels refuse larger activities). */
const INLINE_MAX_BYTES = 256 * 1024;

/** Where a file may be fetched from, and whether the bot's token goes with it. */
function sourceOf(attachment: Partial<Attachment>, serviceUrl: string | undefined): { url: string; withToken: boolean } | undefined {
  const teamsDownload = (attachment.content as { downloadUrl?: unknown } | undefined)?.downloadUrl;
  const raw =
    attachment.contentType === 'application/vnd.microsoft.teams.file.download.info' && typeof teamsDownload === 'string'
      ? teamsDownload
      : attachment.contentUrl;
  if (typeof raw !== 'string') return undefined;
  let url: URL;
  let service: URL | undefined;
  try {
    url = new URL(raw);
    service = serviceUrl ? new URL(serviceUrl) : undefined;
  } catch {
    return undefined;
  }
  if (service && url.origin === service.origin) return { url: url.href, withToken: true };
  if (url.protocol !== 'https:') return undefined;
  if (AZURE_ATTACHMENT_HOSTS.test(url.hostname)) return { url: url.href, withToken: true };
  // A Teams file's download URL is pre-authorised by Microsoft (SharePoint): no token.
  if (typeof teamsDownload === 'string' && /(^|\.)sharepoint\.com$/i.test(url.hostname)) return { url: url.href, withToken: false };
  return undefined;
}

/** The bot's connector token for this turn, if the adapter authenticates (undefined anonymous). */
async function connectorToken(context: TurnContext): Promise<string | undefined> {
  const adapter = context.adapter as unknown as { ConnectorClientKey?: symbol };
  const client = adapter.ConnectorClientKey
    ? (context.turnState.get(adapter.ConnectorClientKey) as { credentials?: { getToken?: () => Promise<string> } })
    : undefined;
  try {
    return (await client?.credentials?.getToken?.()) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Middleware for the Bot Framework adapter, before the pipeline's: takes the files of an incoming
 * message in. Installed by the channel when it is given the media kit.
 */
export function botFrameworkMediaIn({ media, logger }: { media: MediaKit; logger?: Logger }) {
  return async function botFrameworkMedia(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const files = (activity.attachments ?? []).filter((attachment) => !STRUCTURED.test(attachment.contentType ?? '') && !mediaOfAttachment(attachment));
    if (activity.type !== 'message' || files.length === 0) return next();
    const channel = activity.channelId ?? 'default';
    const limit = mediaLimitFor(channel);
    const refuse = async (refusal: Parameters<typeof mediaRefusalText>[0]) => {
      await context.sendActivity(mediaRefusalText(refusal, activity.locale ?? getLocale(context)));
    };
    if (files.length > limit.perMessage) return refuse({ code: 'too_many', limit: limit.perMessage });
    const anonymousLocal = isLoopbackServiceUrl(activity.serviceUrl);
    const token = await connectorToken(context);
    const stored: MediaAttachment[] = [];
    const dropStored = () => Promise.all(stored.map((item) => media.store.delete(item.mediaId).catch(() => undefined)));
    for (const file of files) {
      const source = sourceOf(file, activity.serviceUrl);
      if (!source || (!anonymousLocal && source.url.startsWith('http:'))) {
        logger?.info({ channel, contentType: file.contentType }, 'botframework: a file from a host Baton does not fetch from was refused');
        await dropStored();
        return refuse({ code: 'unavailable' });
      }
      const downloaded = await downloadMedia(source.url, {
        maxBytes: largestDownload(channel),
        ...(source.withToken && token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
      if (!downloaded.ok) {
        await dropStored();
        return refuse(downloaded.refusal);
      }
      const result = await media.accept({
        channel,
        conversationId: activity.conversation.id,
        customerKey: `${channel}:${activity.from?.id ?? 'unknown'}`,
        bytes: downloaded.bytes,
        ...(file.name ? { name: file.name } : {}),
      });
      if (!result.ok) {
        await dropStored();
        return refuse(result.refusal);
      }
      stored.push(result.media);
    }
    const others = (activity.attachments ?? []).filter((attachment) => !files.includes(attachment));
    activity.attachments = [...others, ...stored.map((item) => toActivityAttachment(item))];
    return next();
  };
}

/**
 * The outgoing activities with media attachments rendered for a Bot Framework channel: a signed
 * absolute URL when the signer has a public base, else inline (small files only).
 * @throws BatonError `media_not_deliverable` for a file too large to inline without PUBLIC_URL.
 */
export async function renderMediaOut(activities: Partial<Activity>[], media: MediaKit): Promise<Partial<Activity>[]> {
  const rendered: Partial<Activity>[] = [];
  for (const activity of activities) {
    if (!activity.attachments?.some((attachment) => mediaOfAttachment(attachment))) {
      rendered.push(activity);
      continue;
    }
    const attachments: Attachment[] = [];
    for (const attachment of activity.attachments) {
      const item = mediaOfAttachment(attachment);
      if (!item) {
        attachments.push(attachment);
        continue;
      }
      attachments.push({ contentType: item.contentType, ...(item.name ? { name: item.name } : {}), contentUrl: await urlFor(item, media) });
    }
    rendered.push({ ...activity, attachments });
  }
  return rendered;
}

async function urlFor(item: MediaAttachment, media: MediaKit): Promise<string> {
  const signed = media.signer.url(item.mediaId);
  if (/^https?:\/\//.test(signed)) return signed;
  const object = item.size <= INLINE_MAX_BYTES ? await media.store.get(item.mediaId) : undefined;
  if (!object) {
    throw new BatonError(
      'media_not_deliverable',
      'Bot Framework channels fetch files from a public URL: set PUBLIC_URL, or send a file under 256 KB (it goes inline).',
    );
  }
  return `data:${item.contentType};base64,${(await buffer(object.body)).toString('base64')}`;
}
