/**
 * The shop bot's logic for one turn: greet new members, continue the active dialog or start the one the
 * intent asks for (else answer the FAQ), apply the interruption rule (`flows/routing.ts`), open with
 * empathy when the customer is upset, and save the conversation state at the end of the turn.
 */
import { ActivityTypes, type Activity, type ConversationState, type TurnContext } from './turn-kit.js';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from './dialog-kit.js';
import type { BotLogic } from './turn-pipeline.js';
import { BatonError, ConfigError } from '../infra/errors.js';
import { openWithEmpathy } from './empathy/acknowledge.js';
import { CANCEL_ORDER, CancelOrderDialog } from './flows/cancel-order.js';
import { CHANGE_ADDRESS, ChangeAddressDialog } from './flows/change-address.js';
import { button, isSkip, localeOf, mainMenu, parseYesNo, withActions, yesNo, type FlowDeps } from './flows/common.js';
import { OrderAccess, type OrderAccessSettings, type OrderAccessState } from './flows/order-access.js';
import { CSAT, CsatDialog, type CsatContext, type CsatScoreHandler } from './flows/csat.js';
import { answerFaq, type LearnedAnswer } from './flows/faq.js';
import { takePendingQuestion, type PendingQuestion } from './flows/pending-question.js';
import { toLocale } from './locale.js';
import { COMMENT_MAX, type FeedbackEvent, type OrderNotice, type OrderUpdates } from './order-care/ports.js';
import { markAcknowledged, pickPhrase, withAcknowledgement } from './empathy/acknowledge.js';
import { useEmpathyPhrases } from './empathy/phrases.js';
import { formatDate, formatMoney } from './templates/format.js';
import { acknowledgeMedia, rememberScenario } from './flows/media-ack.js';
import { turnMedia } from './media.js';
import { REFUND_STATUS, REQUEST_REFUND, RefundStatusDialog, RequestRefundDialog } from './flows/refund.js';
import { classifyInterruption, DEFAULT_ROUTES, routesOf, wantsRecommendation } from './flows/routing.js';
import { faqAnswersOf, type BotContent } from './content/index.js';
import { SPIN_PRESALES, SpinPresalesDialog } from './flows/spin-presales.js';
import { TRACK_ORDER, TrackOrderDialog } from './flows/track-order.js';
import type { Catalogue, FaqAnswers, OrderService } from './shop-api.js';
import { reply, useDataTemplates } from './templates/reply.js';
import { getMarket, getRecognition, markAnsweredFromIntent, requestHuman, setLocale } from './turn-state.js';
import { leaveSaveToPipeline } from './middleware/persist-state.js';

/** The dialogs a bot's routing may name (content.routing): intent → one of these, 'human' or 'answer'. */
export const SHOP_DIALOGS: readonly string[] = [TRACK_ORDER, CANCEL_ORDER, REQUEST_REFUND, REFUND_STATUS, CHANGE_ADDRESS, SPIN_PRESALES, CSAT];

/** What `createShopBot` needs: the state, the shop's systems and its answers. */
export interface ShopBotOptions {
  /** Where dialog state lives; build it on `createMemoryStorage()` or `createRedisStorage(...)`. */
  readonly conversationState: ConversationState;
  readonly orders: OrderService;
  readonly catalogue: Catalogue;
  /**
   * The bot's content (dialogs/content/, docs/bot-content.md): its answers, routing and default locale.
   * Give this or `answers`.
   */
  readonly content?: BotContent;
  /** Canned answers per locale and intent, when there is no `content` (which then wins for answers). */
  readonly answers?: FaqAnswers;
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
  /** Order updates (bots/order-care): when set, order-status answers offer them and "stop" ends them. */
  readonly orderUpdates?: OrderUpdates;
  /** "Did this help?" answers and CSAT comments (bots/feedback). Default: ignored. */
  readonly onFeedback?: (context: TurnContext, event: FeedbackEvent) => Promise<void> | void;
  /** Each customer message the bot answered itself, with the conversation's topic so far (bot-only CSAT). */
  readonly onBotTurn?: (context: TurnContext, about: { readonly intent: string }) => Promise<void> | void;
  /** FAQ answers carry "did this help?" buttons. Default true. */
  readonly askHelpful?: boolean;
  /** Answers of FAQ intents learned after start (a promoted model's new intents), per locale. Default: none. */
  readonly learnedAnswer?: LearnedAnswer;
}

/** How an order notice is delivered: in the customer's language, with the follow-up after a delivery. */
export interface OrderNoticeOptions {
  readonly locale: string;
  /** After `delivered`: ask "did everything arrive as expected?" (yes: CSAT; no: a person). */
  readonly followUp: boolean;
  /** True when the channel held the notice back (WhatsApp sent its template instead): no follow-up then. */
  readonly heldBack?: (context: TurnContext) => boolean;
  /** Show the refund amount (the customer proved the order theirs, or the shop opted them in). */
  readonly showAmount: boolean;
  /** WhatsApp's approved template for this notice outside the 24-hour window (name, language, parameters). */
  readonly whatsappTemplate?: { readonly name: string; readonly language: string; readonly parameters: readonly string[] };
}

/** The bot logic, plus the CSAT question for the handoff to ask after an agent resolves a conversation. */
export type ShopBot = BotLogic & {
  /**
   * Asks the CSAT question in `context`'s conversation (e.g. inside `continueConversation` after a resolve),
   * replacing any active dialog, and saves state. The customer's next message is the answer.
   * `locale`: the conversation's language, when the proactive turn does not carry it (e.g. the ticket's).
   */
  readonly beginCsat: (context: TurnContext, options?: { readonly locale?: string } & Partial<CsatContext>) => Promise<void>;
  /** Sends an order notice in a proactive turn (and the follow-up question after a delivery), and saves state. */
  readonly sendOrderNotice: (context: TurnContext, notice: OrderNotice, options: OrderNoticeOptions) => Promise<void>;
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
  const { conversationState, content, clock = () => new Date(), timeZone = 'UTC' } = options;
  const given = content ? faqAnswersOf(content) : options.answers;
  if (!given) throw new ConfigError('createShopBot needs its content (or answers): pass content: loadBotContent(dir, { dialogs: SHOP_DIALOGS })');
  const answers: FaqAnswers = given;
  const routes = content ? routesOf(content.routing) : DEFAULT_ROUTES;
  if (content) {
    useDataTemplates(content.templates);
    useEmpathyPhrases(content.empathy);
  }
  const defaultLocale = content?.defaultLocale ?? 'en';
  const { onCsatScore = () => undefined, interruptThreshold = 0.8, orderUpdates, askHelpful = true, learnedAnswer: learned } = options;
  const pendingQuestion = conversationState.createProperty<PendingQuestion | undefined>('pendingQuestion');
  const topic = conversationState.createProperty<string>('topicIntent');

  /** After an order's status: offer updates of it, unless it cannot move any more or they are on already. */
  async function offerOrderUpdates(context: TurnContext, order: { readonly number: string; readonly status: string }): Promise<void> {
    if (!orderUpdates || context.activity.conversation?.isGroup || !['processing', 'shipped', 'out_for_delivery'].includes(order.status)) return;
    if (await orderUpdates.isSubscribed(context, order.number)) return;
    await context.sendActivity(yesNo(localeOf(context), reply(localeOf(context), 'orderUpdatesOffer')));
    await pendingQuestion.set(context, { kind: 'order_updates', orderNumber: order.number });
  }

  async function askComment(context: TurnContext, about: CsatContext): Promise<void> {
    const locale = localeOf(context);
    await context.sendActivity(withActions(reply(locale, 'csatCommentAsk'), [reply(locale, 'skip')]));
    await pendingQuestion.set(context, { kind: 'comment', intent: about.intent ?? 'None', source: about.source });
  }
  const access = new OrderAccess(conversationState.createProperty<OrderAccessState>('orderAccess'), clock, options.verification);
  const deps: FlowDeps = {
    orders: options.orders,
    access,
    catalogue: options.catalogue,
    timeZone,
    clock,
    ...(options.refundLimit === undefined ? {} : { refundLimit: options.refundLimit }),
    offerOrderUpdates,
  };
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const turnCount = conversationState.createProperty<number>('turnCount');
  const lastScenario = conversationState.createProperty<string>('lastScenario');
  const dialogs = new DialogSet(dialogState)
    .add(new TrackOrderDialog(deps))
    .add(new CancelOrderDialog(deps))
    .add(new RequestRefundDialog(deps))
    .add(new RefundStatusDialog(deps))
    .add(new ChangeAddressDialog(deps))
    .add(new SpinPresalesDialog(deps))
    .add(new CsatDialog({ onScore: onCsatScore, askComment }));

  /** Starts the dialog for `intent`, or answers the FAQ. */
  async function start(dc: DialogContext, intent: string, text: string): Promise<void> {
    if (routes.humanIntents.includes(intent)) await dc.cancelAllDialogs();
    const dialogId = routes.dialogByIntent[intent] ?? (wantsRecommendation(text) ? SPIN_PRESALES : undefined);
    if (intent !== 'None') {
      await topic.set(dc.context, intent);
      markAnsweredFromIntent(dc.context, intent);
    }
    if (dialogId) await dc.beginDialog(dialogId, { text });
    else if ((await answerFaq(dc.context, answers, intent, '', { askHelpful, learned, defaultLocale })) === 'asked_helpful') {
      const score = getRecognition(dc.context)?.score ?? 0;
      await pendingQuestion.set(dc.context, { kind: 'helpful', intent, question: { text: [...text].slice(0, 500).join(''), score } });
    }
  }

  /** The answer to the question the bot left open, when this message is one; false hands the message on. */
  async function answerPending(context: TurnContext, dc: DialogContext, pending: PendingQuestion, text: string): Promise<boolean> {
    const locale = localeOf(context);
    const recognition = getRecognition(context);
    if (pending.kind === 'comment') {
      // A new request is not a comment: a confident dialog intent or a wish for a person goes its way.
      const request =
        recognition &&
        recognition.score >= interruptThreshold &&
        (routes.dialogByIntent[recognition.intent] || routes.humanIntents.includes(recognition.intent));
      if (request || !text.trim()) return false;
      if (isSkip(text) || parseYesNo(text) === false || text.trim() === reply(locale, 'skip')) {
        await context.sendActivity(reply(locale, 'csatSkipped'));
        return true;
      }
      await options.onFeedback?.(context, {
        kind: 'comment',
        intent: pending.intent,
        source: pending.source,
        text: [...text.trim()].slice(0, COMMENT_MAX).join(''),
      });
      await context.sendActivity(reply(locale, 'csatCommentThanks'));
      return true;
    }
    const yes = parseYesNo(text);
    if (yes === undefined) return false;
    // A bare yes or no to the bot's own question is no feeling to acknowledge ("是" can score negative).
    markAcknowledged(context);
    switch (pending.kind) {
      case 'helpful':
        await options.onFeedback?.(context, {
          kind: 'helpful',
          intent: pending.intent,
          helpful: yes,
          ...(pending.question ? { question: pending.question } : {}),
        });
        if (yes) await context.sendActivity(reply(locale, 'helpfulThanks'));
        else await context.sendActivity(withActions(reply(locale, 'helpfulSorry'), [button(reply(locale, 'actionHuman'))]));
        return true;
      case 'order_updates':
        if (yes && orderUpdates) {
          await orderUpdates.subscribe(context, pending.orderNumber);
          await context.sendActivity(reply(locale, 'orderUpdatesOn', { number: pending.orderNumber }));
        } else await context.sendActivity(reply(locale, 'orderUpdatesDeclined'));
        return true;
      case 'arrival':
        if (yes) {
          await dc.cancelAllDialogs();
          await dc.beginDialog(CSAT, { source: 'order', intent: 'track_order' } satisfies CsatContext);
        } else {
          await context.sendActivity(reply(locale, 'arrivalSorry'));
          // The escalation policy reads this after the dialogs: a person takes over with the reason `dialog`.
          requestHuman(context, 'order_not_as_expected');
        }
        return true;
    }
  }

  async function onMessage(context: TurnContext, dc: DialogContext): Promise<void> {
    const text = context.activity.text ?? '';
    const recognition = getRecognition(context);
    const intent = recognition?.intent ?? 'None';
    const turn = ((await turnCount.get(context, 0)) ?? 0) + 1;
    await turnCount.set(context, turn);
    openWithEmpathy(context, `${context.activity.conversation?.id ?? ''}:${turn}`);

    // A photo or file: the bot cannot read it, so it thanks, and passes a complaint's evidence to a person.
    const media = turnMedia(context);
    if (media.length > 0) {
      await acknowledgeMedia(dc, { media, caption: text, intent: recognition?.intent, lastScenario });
      return;
    }
    await rememberScenario(lastScenario, context, recognition?.intent, text);

    const active = dc.activeDialog;
    if (orderUpdates && (EXPLICIT_UPDATES_STOP.test(text.trim()) || (!active && UPDATES_STOP.test(text.trim())))) {
      const ended = await orderUpdates.unsubscribe(context);
      if (ended || EXPLICIT_UPDATES_STOP.test(text.trim())) {
        await pendingQuestion.delete(context);
        await context.sendActivity(reply(localeOf(context), 'orderUpdatesStopped'));
        return;
      }
    }
    const pending = await takePendingQuestion(pendingQuestion, context);
    if (pending && !active && (await answerPending(context, dc, pending, text))) return;

    if (!active) return start(dc, intent, text);
    const decision = classifyInterruption(active.id, text, recognition, interruptThreshold, routes);
    switch (decision.kind) {
      case 'stop':
        await dc.cancelAllDialogs();
        await context.sendActivity(withActions(reply(localeOf(context), 'stopped'), mainMenu(localeOf(context))));
        return;
      case 'switch':
        await dc.cancelAllDialogs();
        return start(dc, decision.intent, text);
      case 'answer':
        await answerFaq(context, answers, decision.intent, `\n\n${reply(localeOf(context), 'backToTopic')}`, { learned, defaultLocale });
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
      if (context.activity.type === ActivityTypes.Message) {
        await onMessage(context, dc);
        await options.onBotTurn?.(context, { intent: (await topic.get(context)) ?? 'None' });
      } else if (context.activity.type === ActivityTypes.ConversationUpdate) await greet(context);
    } catch (error) {
      // The state may point into a half-done step: drop the dialog so the next message starts clean.
      // The apology is the pipeline's error boundary's job, so the customer does not get two.
      await dc.cancelAllDialogs().catch(() => undefined);
      await conversationState.saveChanges(context).catch(() => undefined);
      throw BatonError.wrap(error, 'dialog_failed');
    }
    // In the pipeline, persist-state saves once the rest of the turn (handoff history, counters) is done too.
    if (!leaveSaveToPipeline(context, conversationState)) await conversationState.saveChanges(context);
  };

  const beginCsat: ShopBot['beginCsat'] = async (context, { locale, source = 'handoff', intent } = {}) => {
    if (locale) setLocale(context, locale);
    const dc = await dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await pendingQuestion.delete(context);
    await dc.beginDialog(CSAT, { source, ...(intent ? { intent } : {}) } satisfies CsatContext);
    await conversationState.saveChanges(context);
  };

  const sendOrderNotice: ShopBot['sendOrderNotice'] = async (context, notice, { locale: wanted, followUp, heldBack, showAmount, whatsappTemplate }) => {
    setLocale(context, wanted);
    const locale = toLocale(wanted);
    let text = reply(locale, 'orderNotice', {
      kind: notice.kind,
      number: notice.orderNumber,
      ...(notice.carrier ? { carrier: notice.carrier } : {}),
      ...(notice.eta ? { eta: formatDate(locale, new Date(notice.eta), timeZone) } : {}),
      ...(notice.reason ? { reason: notice.reason } : {}),
      ...(showAmount && notice.amount !== undefined && notice.currency ? { amount: formatMoney(locale, notice.amount, notice.currency) } : {}),
    });
    // A delay is the shop's fault to own: it opens with an apology from the empathy library.
    if (notice.kind === 'delayed') {
      text = withAcknowledgement(locale, pickPhrase(locale, 'late_delivery', `${context.activity.conversation?.id ?? ''}:${notice.orderNumber}`), text);
    }
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      text: `${text}\n${reply(locale, 'orderNoticeFooter')}`,
      ...(whatsappTemplate ? { channelData: { whatsappTemplate: { ...whatsappTemplate, parameters: [...whatsappTemplate.parameters] } } } : {}),
    };
    await context.sendActivity(activity);
    if (notice.kind === 'delivered' && followUp && !heldBack?.(context)) {
      await context.sendActivity(yesNo(locale, reply(locale, 'arrivalAsk')));
      await pendingQuestion.set(context, { kind: 'arrival', orderNumber: notice.orderNumber });
    }
    await conversationState.saveChanges(context);
  };

  const endDialogs = async (context: TurnContext): Promise<void> => {
    const dc = await dialogs.createContext(context);
    await dc.cancelAllDialogs();
  };

  return Object.assign(logic, { beginCsat, endDialogs, sendOrderNotice });
}

/** A plain "stop" ends order updates when no dialog waits (in a dialog it stops the dialog). */
const UPDATES_STOP = /^(stop|unsubscribe|stop updates|stop notifications|退订|停止|停止通知|取消通知|不要通知|别再通知)[\s.!。！]*$/i;
/** These end order updates even while a dialog waits: they cannot mean anything else. */
const EXPLICIT_UPDATES_STOP = /^(unsubscribe|stop updates|stop notifications|stop order updates|退订|停止通知|取消通知|不要通知|别再通知)[\s.!。！]*$/i;
