/**
 * The desk's buttons and menu: Claim and Show transcript on the card; Resolve, Return to bot and
 * Transfer in the thread's controls. Each click is acknowledged first (Slack wants it within 3 s),
 * then acted on; the card itself is updated by the event the action causes (see EventRelay), so a
 * claim from the console or `/baton next` shows the same way. Refusals reach only the clicker. A click
 * run again after its instance stopped (slack-inbox.ts): Resolve and Return run again, quiet when
 * refused because the ticket is already where they lead (their first run did it), told to the agent
 * when refused for any other reason (the ticket moved on meanwhile: it was not done); Claim and
 * Transfer are not run again at all, since the ticket may have moved on by hand meanwhile (a Claim run
 * again after the agent transferred the ticket would pull it back): the agent is asked to look at the
 * card and click again.
 */
import type { App, BlockAction, ButtonAction, Context, StaticSelectAction } from '@slack/bolt';
import type { ActionResult, TicketStateName, TransferTarget } from '../../handoff/desk-api.js';
import { ACTION, CONTROLS_BLOCK, DESK_READER, NOT_AN_AGENT, showPrivately, tellPrivately, WITHOUT_SUGGESTION, type DeskParts } from './desk-context.js';
import { transcriptView } from './thread-views.js';
import { rerunAttempt } from './slack-inbox.js';
import { requester } from './request-body.js';

/** Said instead of running a Claim or a Transfer again after its instance stopped. */
export const rerunClick = (what: string) =>
  `Your *${what}* was cut short by a restart of the desk, so it was not run again: it may have gone through. Look at the ticket's card, and do it again if it is still needed.`;

/** Said when a Resolve or a Return run again is refused for another reason than its first run having done it. */
export const rerunRefused = (what: string, why: string) =>
  `Your *${what}* was cut short by a restart of the desk and, run again, was refused: ${why} It was not done; look at the ticket's card.`;

/** A Resolve or a Return run again after its instance stopped: which one, and the state it leads the ticket to. */
interface RerunClick {
  readonly attempt: number;
  readonly what: string;
  readonly leadsTo: TicketStateName;
}

/** The `RerunClick` of a click in `context`, or undefined when it is not run again. */
function rerunOf(context: Context, what: string, leadsTo: TicketStateName): RerunClick | undefined {
  const attempt = rerunAttempt(context);
  return attempt === undefined ? undefined : { attempt, what, leadsTo };
}

/** Reads a transfer menu value: `skill:<name>` or `agent:<id>`. */
export function transferTarget(value: string): TransferTarget | undefined {
  const colon = value.indexOf(':');
  const [kind, target] = [value.slice(0, colon), value.slice(colon + 1)];
  if (colon < 0 || !target) return undefined;
  if (kind === 'skill') return { toSkill: target };
  if (kind === 'agent') return { toAgentId: target };
  return undefined;
}

/** Registers the desk's action handlers on the bolt app. */
export function registerCardActions(app: App, parts: DeskParts): void {
  /**
   * Checks the clicker may act, runs `act` and tells them a refusal; on a `rerun`, one that only says the
   * ticket is already where the click leads (the first run did it) is logged, not told.
   */
  const handle = async (
    body: BlockAction,
    ticketId: string | undefined,
    act: (ticketId: string, agentId: string) => Promise<ActionResult | undefined>,
    rerun?: RerunClick,
  ) => {
    const to = requester(body);
    if (!ticketId || !to) return;
    const agentId = await parts.agents.actor(body.user.id);
    if (!agentId) return tellPrivately(parts, to, NOT_AN_AGENT);
    const result = await act(ticketId, agentId);
    if (!result || result.ok) return;
    if (!rerun) return tellPrivately(parts, to, result.message);
    // The refusal's code cannot tell "done already" from "moved on" (both `not_holder`): the ticket's state can.
    const now = await parts.service.details(ticketId, DESK_READER, WITHOUT_SUGGESTION);
    if (now?.state === rerun.leadsTo)
      return parts.log?.info(
        { ticketId, code: result.code, attempt: rerun.attempt },
        'slack desk: a click run again was refused (done by its first run); not told',
      );
    await tellPrivately(parts, to, rerunRefused(rerun.what, result.message));
  };

  app.action<BlockAction<ButtonAction>>(ACTION.claim, async ({ ack, body, action, context }) => {
    await ack();
    const to = requester(body);
    if (rerunAttempt(context)) return to && tellPrivately(parts, to, rerunClick('Claim'));
    await handle(body, action.value, (ticketId, agentId) => parts.service.claim(ticketId, agentId));
  });

  app.action<BlockAction<ButtonAction>>(ACTION.resolve, async ({ ack, body, action, context }) => {
    await ack();
    await handle(body, action.value, (ticketId, agentId) => parts.service.resolve(ticketId, agentId), rerunOf(context, 'Resolve', 'resolved'));
  });

  app.action<BlockAction<ButtonAction>>(ACTION.returnToBot, async ({ ack, body, action, context }) => {
    await ack();
    await handle(body, action.value, (ticketId, agentId) => parts.service.returnToBot(ticketId, agentId), rerunOf(context, 'Return to bot', 'returned'));
  });

  app.action<BlockAction<StaticSelectAction>>(ACTION.transfer, async ({ ack, body, action, context }) => {
    await ack();
    const to = requester(body);
    if (rerunAttempt(context)) return to && tellPrivately(parts, to, rerunClick('Transfer'));
    const ticketId = action.block_id.startsWith(CONTROLS_BLOCK) ? action.block_id.slice(CONTROLS_BLOCK.length) : undefined;
    const target = transferTarget(action.selected_option?.value ?? '');
    await handle(body, ticketId, async (id, agentId) => (target ? parts.service.transfer(id, agentId, target) : undefined));
  });

  app.action<BlockAction<ButtonAction>>(ACTION.transcript, async ({ ack, body, action }) => {
    await ack();
    await handle(body, action.value, async (ticketId) => {
      const details = await parts.service.details(ticketId, DESK_READER);
      const to = requester(body)!;
      if (!details) return { ok: false, code: 'not_found', message: 'This ticket no longer exists (it may have been erased).' };
      // Only the clicker sees the transcript: it is masked, but still the customer's words.
      await showPrivately(parts, to, transcriptView(details), { ticketId });
      return undefined;
    });
  });
}
