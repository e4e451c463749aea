/**
 * The admin erase answers (bots/erase.ts) as zod schemas for the OpenAPI document; the type check at
 * the end fails the build when `ConversationErased` changes and this schema does not.
 */
import { z } from 'zod';
import type { ConversationErased } from '../erase.js';

const count = z.number().int().min(0);

export const conversationErasedSchema = z.object({
  tickets: count,
  auditEvents: count,
  facts: z.boolean(),
  transcript: z.boolean(),
  agentReplyKeys: count,
  stateItems: count,
  directLineLog: z.boolean(),
  directLineRepostMarks: count,
  whatsappWindow: z.boolean(),
  whatsappOptions: z.boolean(),
  inboxEntries: count,
  slackCards: count,
  customerLinks: count,
  orderUpdates: z.boolean(),
  pendingCsat: z.boolean(),
  feedbackComments: count,
  mediaFiles: count,
  misses: count,
  practiceScripts: count,
  tokensRevoked: z.boolean(),
});

/** DELETE /api/admin/conversations/:conversationId */
export const conversationEraseAnswer = z.object({ conversationId: z.string(), erased: conversationErasedSchema });
/** DELETE /api/admin/customers/:channel/:userId: what was removed per conversation of the customer. */
export const customerEraseAnswer = z.object({ channel: z.string(), userId: z.string(), conversations: z.record(z.string(), conversationErasedSchema) });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <_T extends true>() => undefined;
agree<Same<{ -readonly [K in keyof ConversationErased]: ConversationErased[K] }, z.infer<typeof conversationErasedSchema>>>();
