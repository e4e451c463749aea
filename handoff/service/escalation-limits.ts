/**
 * Escalations per client and per conversation (docs/security/abuse-limits.md): every new ticket spends
 * one point of the conversation's budget and one of the client's, before it is opened. Over either, no
 * ticket is opened and the customer is told, politely, that the team already has their request. This
 * is what keeps one client from filling the queue (or its top, with crisis wording) with tickets.
 */
import type { TurnContext } from '../../dialogs/turn-kit.js';
import { clientKeyOf } from '../../dialogs/client-address.js';
import type { LocalizedText } from '../../dialogs/locale.js';
import { conversationKey } from '../../dialogs/middleware/message-limit.js';
import type { RateDecision, RateLimiter } from '../../infra/rate-limit.js';

/** Decides whether this turn may open a ticket; spends the budgets when it may. */
export type EscalationLimit = (context: TurnContext) => Promise<RateDecision>;

export interface EscalationLimitOptions {
  /** `AbuseLimits.escalationsPerConversation`. */
  readonly perConversation: RateLimiter;
  /** `AbuseLimits.escalationsPerClient`. */
  readonly perClient: RateLimiter;
}

/** What the customer hears instead of a new ticket. */
export const ESCALATION_LIMITED: LocalizedText = {
  en: "Our team already has your earlier requests and will come back to you; please wait a while before asking for a person again. Meanwhile I'm still here for orders, returns and questions.",
  zh: '我们的团队已经收到您之前的请求，会尽快回复您；请稍等一段时间再要求转人工。在此期间，订单、退货和其他问题我仍然可以帮您。',
};

/** The conversation's budget is checked first, so a refused turn spends nothing of the client's. */
export function escalationLimit({ perConversation, perClient }: EscalationLimitOptions): EscalationLimit {
  return async (context) => {
    const { activity } = context;
    const byConversation = await perConversation.consume(conversationKey(activity.channelId, activity.conversation.id));
    if (!byConversation.allowed) return byConversation;
    return perClient.consume(clientKeyOf(context));
  };
}
