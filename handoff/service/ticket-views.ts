/**
 * How tickets and transcripts look to agents: queue rows, and transcript lines with every card number,
 * phone, e-mail and address masked. Pure translations from the store's and the transcript's shapes.
 */
import type { Activity } from '../../dialogs/turn-kit.js';
import type { MediaView, TicketSummary, TranscriptLine } from '../desk-api.js';
import { type MediaAttachment, mediaOf } from '../../dialogs/media.js';
import { RESERVED_EVENT_PREFIX } from '../../dialogs/server-markers.js';
import { maskText, regionOfPhoneId, type MaskOptions } from '../privacy/index.js';
import type { Ticket } from '../types.js';
import { attachTranslation, TRANSLATION_EVENT } from './translated-lines.js';

/**
 * Name of the transcript event that holds an internal note: logged, never sent to the customer. Under
 * the reserved `baton.` prefix, which no customer edge lets in (dialogs/server-markers.ts).
 */
export const NOTE_EVENT = `${RESERVED_EVENT_PREFIX}note`;

/** What Baton puts in `channelData` of a message an agent wrote, so transcripts know the author. */
export interface AgentMessageData {
  readonly baton: {
    readonly agentId: string;
    readonly agentName: string;
    /** What the agent wrote, when the customer received a translation (the message's text). */
    readonly original?: string;
    readonly originalLanguage?: string;
  };
}

/** Reads the agent marker of an outgoing activity, if it has one. */
export function agentOf(activity: Partial<Activity>): AgentMessageData['baton'] | undefined {
  const data = (activity.channelData as Partial<AgentMessageData> | undefined)?.baton;
  return typeof data?.agentId === 'string' ? data : undefined;
}

/** The reason sentence stored with the ticket, or the reason's name. */
export function reasonDetailOf(ticket: Pick<Ticket, 'details' | 'reason'>): string {
  const detail = ticket.details.detail;
  return typeof detail === 'string' && detail ? detail : ticket.reason.replace('_', ' ');
}

/** A ticket as a queue row. `position` only while queued. */
export function summarize(ticket: Ticket, position?: number): TicketSummary {
  return {
    id: ticket.id,
    conversationId: ticket.conversationId,
    state: ticket.state,
    ...('agentId' in ticket && ticket.agentId ? { agentId: ticket.agentId } : {}),
    channel: ticket.channel,
    customerName: maskText(ticket.customer.name || `Customer ${ticket.customer.id.slice(-4)}`),
    language: ticket.language,
    skill: ticket.skill,
    ...(typeof ticket.details.routedBy === 'string' ? { routedBy: ticket.details.routedBy } : {}),
    reason: ticket.reason,
    reasonDetail: maskText(reasonDetailOf(ticket)),
    priority: ticket.priority,
    vip: ticket.vip === true,
    queuedAt: ticket.queuedAt,
    ...(ticket.details.callback === true ? { callback: true } : {}),
    ...(ticket.state === 'queued' && position !== undefined ? { position } : {}),
  };
}

const timestampOf = (activity: Partial<Activity>): number => {
  const at = activity.timestamp ? new Date(activity.timestamp).getTime() : NaN;
  return Number.isFinite(at) ? at : 0;
};

/**
 * How to mask one activity: phones in national format are read with the activity's locale, and with
 * the region of the customer's own number when the conversation id is one (WhatsApp).
 */
function maskOptionsOf(activity: Partial<Activity>): MaskOptions {
  const region = regionOfPhoneId(activity.conversation?.id);
  return { ...(activity.locale ? { locale: activity.locale } : {}), ...(region ? { regions: [region] } : {}) };
}

/** Signs media URLs for desks (infra/media/signed-urls.ts `MediaSigner` fits). */
export interface MediaUrls {
  url(mediaId: string, options?: { readonly download?: boolean }): string;
}

/** How a desk shows `media`: signed URLs to view and to download. */
export function mediaViews(media: readonly MediaAttachment[], urls: MediaUrls | undefined): MediaView[] {
  if (!urls) return [];
  // The content digest (an agent's keyed file) stays in the service: desks get what describes the file.
  return media.map(({ sha256: _digest, ...item }) => ({ ...item, url: urls.url(item.mediaId), downloadUrl: urls.url(item.mediaId, { download: true }) }));
}

/**
 * The conversation as agents read it: customer, bot and agent messages and notes, oldest first,
 * masked. Typing, proactive triggers and other events are left out. With `urls`, stored files come
 * with signed URLs (a message of only a file is a line too).
 */
export function transcriptLines(activities: readonly Partial<Activity>[], urls?: MediaUrls): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const activity of activities) {
    const at = timestampOf(activity);
    // The transcript step logs everything a customer sent as from a 'user' (dialogs/server-markers.ts):
    // such a line is the customer's, whatever agent mark or event name it carries.
    const options = maskOptionsOf(activity);
    const fromCustomer = activity.from?.role === 'user';
    if (!fromCustomer && activity.type === 'event' && activity.name === TRANSLATION_EVENT && typeof activity.text === 'string') {
      attachTranslation(lines, maskText(activity.text, options));
      continue;
    }
    if (!fromCustomer && activity.type === 'event' && activity.name === NOTE_EVENT && typeof activity.text === 'string') {
      lines.push({ from: 'note', text: maskText(activity.text, options), at, ...(activity.from?.id ? { agentId: activity.from.id } : {}) });
      continue;
    }
    if (activity.type !== 'message') continue;
    const media = mediaOf(activity);
    const views = mediaViews(media, urls);
    const text = describe(activity, views.length);
    if (!text && views.length === 0) continue;
    const files = views.length > 0 ? { attachments: views } : {};
    const agent = fromCustomer ? undefined : agentOf(activity);
    if (fromCustomer) lines.push({ from: 'customer', text: maskText(text, options), at, ...files });
    else if (agent && typeof agent.original === 'string')
      lines.push({
        from: 'agent',
        text: maskText(agent.original, options),
        at,
        agentId: agent.agentId,
        original: maskText(text, options),
        ...(agent.originalLanguage ? { originalLanguage: String(agent.originalLanguage) } : {}),
        ...files,
      });
    else if (agent) lines.push({ from: 'agent', text: maskText(text, options), at, agentId: agent.agentId, ...files });
    else lines.push({ from: 'bot', text: maskText(text, options), at, ...files });
  }
  return lines;
}

/** A message's text, or a short description of what it carried instead (buttons only); stored files are shown apart. */
function describe(activity: Partial<Activity>, storedFiles: number): string {
  const text = (activity.text ?? '').trim();
  const attachments = (activity.attachments?.length ?? 0) - storedFiles;
  if (text) return attachments > 0 ? `${text} [${attachments} attachment(s)]` : text;
  return attachments > 0 ? `[${attachments} attachment(s)]` : '';
}

/**
 * The customer's wall-clock time now, e.g. "Tue 21:05", in their zone; undefined without a valid zone.
 */
export function customerLocalTime(now: number, timeZone: string | undefined, locale = 'en'): string | undefined {
  if (!timeZone) return undefined;
  try {
    return new Intl.DateTimeFormat(locale.startsWith('zh') ? 'zh-CN' : 'en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(now));
  } catch {
    return undefined;
  }
}
