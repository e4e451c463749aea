/**
 * The desk's buttons and menu: Claim and Show transcript on the card; Resolve, Return to bot and
 * Transfer in the thread's controls. Each click is acknowledged first (Slack wants it within 3 s),
 * then acted on; the card itself is updated by the event the action causes (see EventRelay), so a
 * claim from the console or `/baton next` shows the same way. Refusals reach only the clicker. A click
 * run again after its instance stopped (slack-inbox.ts): Resolve and Return are refused quietly when
 * the first run did them already; Claim and Transfer are not run again at all, since the ticket may
 * have moved on by hand meanwhile (a Claim run again after the agent transferred the ticket would pull
 * it back): the agent is asked to look at the card and click again.
 */
import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { ActionResult, TransferTarget } from '../../handoff/desk-api.js';
import { ACTION, CONTROLS_BLOCK, DESK_READER, NOT_AN_AGENT, tellPrivately, type DeskParts } from './desk-context.js';
import { transcriptView } from './thread-views.js';
import { rerunAttempt } from './slack-inbox.js';
import { requester } from './request-body.js';

/** Said instead of running a Claim or a Transfer again after its instance stopped. */
export const rerunClick = (what: string) =>
  `Your *${what}* was cut short by a restart of the desk, so it was not run again: it may have gone through. Look at the ticket's card, and do it again if it is still needed.`;

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
  /** Checks the clicker may act, runs `act` and tells them a refusal (not on a `rerun`). */
  const handle = async (
    body: BlockAction,
    ticketId: string | undefined,
    act: (ticketId: string, agentId: string) => Promise<ActionResult | undefined>,
    rerun?: number,
  ) => {
    const to = requester(body);
    if (!ticketId || !to) return;
    const agentId = await parts.agents.actor(body.user.id);
    if (!agentId) return tellPrivately(parts, to, NOT_AN_AGENT);
    const result = await act(ticketId, agentId);
    if (!result || result.ok) return;
    if (rerun)
      return parts.log?.info({ ticketId, code: result.code, attempt: rerun }, 'slack desk: a click run again was refused (done by its first run); not told');
    await tellPrivately(parts, to, result.message);
  };

  app.action<BlockAction<ButtonAction>>(ACTION.claim, async ({ ack, body, action, context }) => {
    await ack();
    const to = requester(body);
    if (rerunAttempt(context)) return to && tellPrivately(parts, to, rerunClick('Claim'));
    await handle(body, action.value, (ticketId, agentId) => parts.service.claim(ticketId, agentId));
  });

  app.action<BlockAction<ButtonAction>>(ACTION.resolve, async ({ ack, body, action, context }) => {
    await ack();
    await handle(body, action.value, (ticketId, agentId) => parts.service.resolve(ticketId, agentId), rerunAttempt(context));
  });

  app.action<BlockAction<ButtonAction>>(ACTION.returnToBot, async ({ ack, body, action, context }) => {
    await ack();
    await handle(body, action.value, (ticketId, agentId) => parts.service.returnToBot(ticketId, agentId), rerunAttempt(context));
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
      try {
        await parts.client.chat.postEphemeral({
          channel: to.channel,
          user: to.user,
          ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
          ...transcriptView(details),
        });
      } catch (error) {
        parts.log?.warn({ err: error, ticketId }, 'slack desk: could not show the transcript');
      }
      return undefined;
    });
  });
}
