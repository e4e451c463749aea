/**
 * What the bot says when a customer sends a photo, voice note, video or document: the bot cannot read
 * it, so it never pretends to. When the file belongs to a complaint (a damaged or wrong item, a payment
 * problem: said in the caption or in the conversation's last messages) it thanks the customer and
 * passes the conversation to a person, with the file on the ticket (reason `dialog`); otherwise it
 * thanks them, says it cannot look at files, and offers words or a person. A dialog that was waiting
 * for an answer asks its question again.
 */
import type { StatePropertyAccessor, TurnContext } from '../turn-kit.js';
import type { DialogContext } from '../dialog-kit.js';
import { detectScenario } from '../empathy/detect-scenario.js';
import type { EmpathyScenario } from '../empathy/phrases.js';
import type { MediaAttachment } from '../media.js';
import { reply } from '../templates/reply.js';
import { requestHuman } from '../turn-state.js';
import { button, localeOf, mainMenu, withActions } from './common.js';

/** Scenarios where a file is evidence a person should look at. */
const COMPLAINTS: ReadonlySet<EmpathyScenario> = new Set(['damaged_or_wrong_item', 'payment_problem']);

const LABELS: Readonly<Record<string, string>> = {
  damaged_or_wrong_item: 'a damaged or wrong item',
  payment_problem: 'a payment problem',
};

/** Remembers the scenario of the customer's latest message that had one, so a photo sent after it is understood. */
export async function rememberScenario(state: StatePropertyAccessor<string>, context: TurnContext, intent: string | undefined, text: string): Promise<void> {
  if (!text.trim()) return;
  const scenario = detectScenario(intent, text);
  if (scenario !== 'generic') await state.set(context, scenario);
}

/**
 * Answers a message that carried files.
 * @returns true when the conversation goes to a person.
 */
export async function acknowledgeMedia(
  dc: DialogContext,
  {
    media,
    caption,
    intent,
    lastScenario,
  }: { media: readonly MediaAttachment[]; caption: string; intent?: string; lastScenario: StatePropertyAccessor<string> },
): Promise<boolean> {
  const { context } = dc;
  const locale = localeOf(context);
  const kind = media[0]!.kind;
  const said = caption.trim() ? detectScenario(intent, caption) : 'generic';
  const scenario = said !== 'generic' ? said : ((await lastScenario.get(context)) as EmpathyScenario | undefined);
  if (scenario && COMPLAINTS.has(scenario)) {
    await lastScenario.set(context, scenario);
    await context.sendActivity(reply(locale, 'mediaPassedOn', { kind }));
    requestHuman(context, `the customer sent a ${kind === 'image' ? 'photo' : kind} about ${LABELS[scenario] ?? scenario}`);
    await dc.cancelAllDialogs();
    return true;
  }
  const [, refund, human, recommend] = mainMenu(locale);
  await context.sendActivity(withActions(reply(locale, 'mediaCannotRead', { kind }), [human!, button(reply(locale, 'actionTrack')), refund!, recommend!]));
  if (dc.activeDialog) await dc.repromptDialog();
  return false;
}
