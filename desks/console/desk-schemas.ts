/**
 * The shapes a desk hands to agents (handoff/desk-api.ts) as zod schemas: the source of the agent API's
 * response schemas in the OpenAPI document and of docs/agent-stream-events.schema.json. The type checks
 * at the end fail the build when a view in desk-api.ts changes and its schema here does not.
 */
import { z } from 'zod';
import type { AgentProfile, DeskEvent, TicketDetails, TicketSummary, TranscriptLine } from '../../handoff/desk-api.js';
import type { HelloFrame, StreamFrame } from './agent-stream.js';

const presence = z.enum(['available', 'away', 'offline']);
const mediaKind = z.enum(['image', 'audio', 'video', 'document']);

export const ticketSummarySchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  state: z.enum(['queued', 'assigned', 'resolved', 'returned', 'abandoned']),
  agentId: z.string().optional(),
  channel: z.string(),
  customerName: z.string(),
  language: z.string(),
  skill: z.string(),
  routedBy: z.string().optional(),
  reason: z.enum(['crisis', 'negative_emotion', 'requested_human', 'not_understood', 'dialog']),
  reasonDetail: z.string(),
  priority: z.number().int(),
  vip: z.boolean(),
  queuedAt: z.number().describe('Unix time in milliseconds'),
  callback: z.boolean().optional(),
  position: z.number().int().optional(),
});

export const mediaViewSchema = z.object({
  mediaId: z.string(),
  kind: mediaKind,
  contentType: z.string(),
  size: z.number().int(),
  name: z.string().optional(),
  url: z.string(),
  downloadUrl: z.string(),
});

export const transcriptLineSchema = z.object({
  from: z.enum(['customer', 'bot', 'agent', 'note', 'system']),
  text: z.string().describe('masked: card numbers, phones, e-mails and addresses never appear'),
  at: z.number(),
  agentId: z.string().optional(),
  attachments: z.array(mediaViewSchema).optional(),
  original: z.string().optional(),
  originalLanguage: z.string().optional(),
  translationNotice: z.string().optional(),
});

export const ticketDetailsSchema = ticketSummarySchema.extend({
  customerLocalTime: z.string().optional(),
  customerTimeZone: z.string().optional(),
  customerTimeZoneSource: z.enum(['reported', 'phone', 'language']).optional(),
  market: z.string().optional(),
  lastIntent: z.string().optional(),
  emotionTrend: z.array(z.number()),
  orderFacts: z.record(z.string(), z.string()),
  transcript: z.array(transcriptLineSchema),
  suggestedAnswer: z.string().optional(),
  csat: z.number().optional(),
});

export const agentProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  capacity: z.number().int(),
  presence,
  activeTickets: z.number().int(),
});

export const deliveryNoticeSchema = z.object({ code: z.enum(['sent_as_template', 'sent_untranslated']), message: z.string() });

export const cannedReplySchema = z.object({ name: z.string(), locale: z.string(), text: z.string() });

/** Every frame of the agent stream (agent-stream.ts): `hello` first, then desk events. */
export const streamFrameSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('hello'), agent: agentProfileSchema }).describe('first frame: who the token belongs to'),
    z.object({ type: z.literal('queue_changed') }).describe('the queue changed: read GET /queue again'),
    z.object({ type: z.literal('ticket_updated'), ticket: ticketSummarySchema }),
    z.object({ type: z.literal('customer_message'), ticketId: z.string(), line: transcriptLineSchema }),
    z.object({ type: z.literal('agent_message'), ticketId: z.string(), line: transcriptLineSchema }),
    z.object({ type: z.literal('sla_reminder'), ticketId: z.string(), waitedSeconds: z.number() }),
    z.object({ type: z.literal('delivery_notice'), ticketId: z.string(), notice: deliveryNoticeSchema }),
  ])
  .meta({ title: 'A frame of the agent stream (WebSocket <basePath>/api/agent/stream)' });

// Compile-time agreement between the views and their schemas (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
const agree = <_T extends true>() => undefined;
agree<Same<DeepMutable<TicketSummary>, z.infer<typeof ticketSummarySchema>>>();
agree<Same<DeepMutable<TicketDetails>, z.infer<typeof ticketDetailsSchema>>>();
agree<Same<DeepMutable<TranscriptLine>, z.infer<typeof transcriptLineSchema>>>();
agree<Same<DeepMutable<AgentProfile>, z.infer<typeof agentProfileSchema>>>();
agree<Same<DeepMutable<StreamFrame>, z.infer<typeof streamFrameSchema>>>();
agree<Same<DeepMutable<HelloFrame | DeskEvent>, z.infer<typeof streamFrameSchema>>>();
