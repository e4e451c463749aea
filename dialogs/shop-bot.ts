/**
 * The shop bot's logic for one turn: greet new members, continue the active dialog or start the one the
 * intent asks for (else answer the FAQ), apply the interruption rule (`flows/routing.ts`), open with
 * empathy when the customer is upset, and save the conversation state at the end of the turn.
 */
import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import type { BotLogic } from '../adapters/channel.js';
import { BatonError } from '../infra/errors.js';
import { openWithEmpathy } from './empathy/acknowledge.js';
import { CancelOrderDialog } from './flows/cancel-order.js';
import { ChangeAddressDialog } from './flows/change-address.js';
import { localeOf, mainMenu, withActions, type FlowDeps } from './flows/common.js';
import { OrderAccess, type OrderAccessSettings, type OrderAccessState } from './flows/order-access.js';
import { CSAT, CsatDialog, type CsatScoreHandler } from './flows/csat.js';
import { answerFaq } from './flows/faq.js';
import { RefundStatusDialog, RequestRefundDialog } from './flows/refund.js';
import { classifyInterruption, DIALOG_BY_INTENT, HUMAN_INTENTS, wantsRecommendation } from './flows/routing.js';
import { SPIN_PRESALES, SpinPresalesDialog } from './flows/spin-presales.js';
import { TrackOrderDialog } from './flows/track-order.js';
import type { Catalogue, FaqAnswers, OrderService } from './shop-api.js';
import { reply } from './templates/reply.js';
import { getMarket, getRecognition, setLocale } from './turn-state.js';

/** What `createShopBot` needs: the state, the shop's systems and its answers. */
export interface ShopBotOptions {
  /** Where dialog state lives; build it on `createMemoryStorage()` or `createRedisStorage(...)`. */
  readonly conversationState: ConversationState;
  readonly orders: OrderService;
  readonly catalogue: Catalogue;
  /** Canned answers per locale and intent, e.g. `bots/shop-assistant/answers.ts`. */
  readonly answers: FaqAnswers;
  /** Now; injected so "late delivery" is stable in tests. Default: the system clock. */
  readonly clock?: () => Date;
  /** Time zone dates are shown in. Default 'UTC'. */
  readonly timeZone?: string;
  /** Receives CSAT scores (metrics, the ticket). Default: ignores them. */
  readonly onCsatScore?: CsatScoreHandler;
  /** Refunds above this amount go to a person (the handoff's `dialog` reason). Default: no limit. */
  readonly refundLimit?: number;
  /** NLU score from which a different intent interrupts an active dialog. Default 0.8. */
  readonly interruptThreshold?: number;
  /**
   * How long a passed ownership check lasts and how many wrong answers a conversation gets before
   * cancel, refund and address change stop asking. Default: 30 minutes, 3 answers.
   */
  readonly verification?: Partial<OrderAccessSettings>;
}

/** The bot logic, plus the CSAT question for the handoff to ask after an agent resolves a conversation. */
export type ShopBot = BotLogic & {
  /**
   * Asks the CSAT question in `context`'s conversation (e.g. inside `continueConversation` after a resolve),
   * replacing any active dialog, and saves state. The customer's next message is the answer.
   * `locale`: the conversation's language, when the proactive turn does not carry it (e.g. the ticket's).
   */
  readonly beginCsat: (context: TurnContext, options?: { readonly locale?: string }) => Promise<void>;
  /** Ends the active dialog, e.g. when a person takes the conversation over; saved with the turn. */
  readonly endDialogs: (context: TurnContext) => Promise<void>;
};

/**
 * Creates the shop bot.
 *
 * @example
 * const conversationState = new ConversationState(createMemoryStorage());
 * const bot = createShopBot({ conversationState, orders: createDemoOrders(), catalogue: createDemoCatalogue(), answers });
 * adapter.run(bot) // or pipeline.logic = bot
 * // An error from the shop API ends the dialog and throws BatonError('dialog_failed'); the pipeline's
 * // error boundary logs it and apologizes to the customer.
 */
export function createShopBot(options: ShopBotOptions): ShopBot {
  const { conversationState, answers, clock = () => new Date(), timeZone = 'UTC' } = options;
  const { onCsatScore = () => undefined, interruptThreshold = 0.8 } = options;
  const access = new OrderAccess(conversationState.createProperty<OrderAccessState>('orderAccess'), clock, options.verification);
  const deps: FlowDeps = {
    orders: options.orders,
    access,
    catalogue: options.catalogue,
    timeZone,
    clock,
    ...(options.refundLimit === undefined ? {} : { refundLimit: options.refundLimit }),
  };
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const turnCount = conversationState.createProperty<number>('turnCount');
  const dialogs = new DialogSet(dialogState)
    .add(new TrackOrderDialog(deps))
    .add(new CancelOrderDialog(deps))
    .add(new RequestRefundDialog(deps))
    .add(new RefundStatusDialog(deps))
    .add(new ChangeAddressDialog(deps))
    .add(new SpinPresalesDialog(deps))
    .add(new CsatDialog({ onScore: onCsatScore }));

  /** Starts the dialog for `intent`, or answers the FAQ. */
  async function start(dc: DialogContext, intent: string, text: string): Promise<void> {
    if (HUMAN_INTENTS.includes(intent)) await dc.cancelAllDialogs();
    const dialogId = DIALOG_BY_INTENT[intent] ?? (wantsRecommendation(text) ? SPIN_PRESALES : undefined);
    if (dialogId) await dc.beginDialog(dialogId, { text });
    else await answerFaq(dc.context, answers, intent);
  }

  async function onMessage(context: TurnContext, dc: DialogContext): Promise<void> {
    const text = context.activity.text ?? '';
    const recognition = getRecognition(context);
    const intent = recognition?.intent ?? 'None';
    const turn = ((await turnCount.get(context, 0)) ?? 0) + 1;
    await turnCount.set(context, turn);
    openWithEmpathy(context, `${context.activity.conversation?.id ?? ''}:${turn}`);

    const active = dc.activeDialog;
    if (!active) return start(dc, intent, text);
    const decision = classifyInterruption(active.id, text, recognition, interruptThreshold);
    switch (decision.kind) {
      case 'stop':
        await dc.cancelAllDialogs();
        await context.sendActivity(withActions(reply(localeOf(context), 'stopped'), mainMenu(localeOf(context))));
        return;
      case 'switch':
        await dc.cancelAllDialogs();
        return start(dc, decision.intent, text);
      case 'answer':
        await answerFaq(context, answers, decision.intent, `\n\n${reply(localeOf(context), 'backToTopic')}`);
        await dc.repromptDialog();
        return;
      case 'continue': {
        const result = await dc.continueDialog();
        if (result.status === DialogTurnStatus.empty) await start(dc, intent, text);
      }
    }
  }

  async function greet(context: TurnContext): Promise<void> {
    const { membersAdded = [], recipient } = context.activity;
    if (!membersAdded.some((m) => m.id !== recipient?.id)) return;
    const locale = localeOf(context);
    // Without a known locale the customer may write either language: say so in the other one too.
    const other = context.activity.locale ? '' : `\n${reply(locale, 'greetingOtherLanguage')}`;
    // The bot's market's wording when the channel says the customer is in one (MARKETS, dialogs/market.ts).
    await context.sendActivity(withActions(reply(getMarket(context) ?? locale, 'greeting') + other, mainMenu(locale)));
  }

  const logic = async (context: TurnContext): Promise<void> => {
    const dc = await dialogs.createContext(context);
    try {
      if (context.activity.type === ActivityTypes.Message) await onMessage(context, dc);
      else if (context.activity.type === ActivityTypes.ConversationUpdate) await greet(context);
    } catch (error) {
      // The state may point into a half-done step: drop the dialog so the next message starts clean.
      // The apology is the pipeline's error boundary's job, so the customer does not get two.
      await dc.cancelAllDialogs().catch(() => undefined);
      await conversationState.saveChanges(context).catch(() => undefined);
      throw BatonError.wrap(error, 'dialog_failed');
    }
    await conversationState.saveChanges(context);
  };

  const beginCsat = async (context: TurnContext, { locale }: { readonly locale?: string } = {}): Promise<void> => {
    if (locale) setLocale(context, locale);
    const dc = await dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(CSAT);
    await conversationState.saveChanges(context);
  };

  const endDialogs = async (context: TurnContext): Promise<void> => {
    const dc = await dialogs.createContext(context);
    await dc.cancelAllDialogs();
  };

  return Object.assign(logic, { beginCsat, endDialogs });
}
