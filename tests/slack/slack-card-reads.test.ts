/**
 * The card sync reads what the card shows and no more: one read of the ticket per change (two when
 * it posts the card, to catch a claim made meanwhile), never with a suggested answer (that runs the
 * NLU, and the card has no place for it), and only the newest transcript lines (the card shows five).
 * Counted on the real app: a spy on the handoff service's `details`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CARD_READ, DESK_READER } from '../../desks/slack/desk-context.js';
import { actionsOf, ADA, QUEUE, startSlackApp, type SlackApp } from './slack-harness.js';

describe('slack card sync reads', () => {
  let app: SlackApp | undefined;
  afterEach(async () => app?.stop());

  it('reads the ticket once per change, without the suggestion and with only the lines it shows', async () => {
    app = await startSlackApp();
    const { service } = app.assistant.handoff;
    const details = vi.spyOn(service, 'details');
    const { ticketId, card } = await app.escalatedCustomer();
    // Posting the card: the read that draws it, and the one after it is stored.
    const posting = details.mock.calls.filter(([id]) => id === ticketId);
    expect(posting).toEqual([
      [ticketId, DESK_READER, CARD_READ],
      [ticketId, DESK_READER, CARD_READ],
    ]);

    details.mockClear();
    expect(await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } })).toBe(200);
    await app.settle();
    // The claim changed the ticket once: one read, by the card, with no suggestion.
    expect(details.mock.calls).toEqual([[ticketId, DESK_READER, CARD_READ]]);
    expect(CARD_READ).toMatchObject({ suggestion: false });
    expect(CARD_READ.lines).toBeLessThanOrEqual(30);

    // The read gives the card what it shows: its newest lines, no suggested answer.
    const read = await service.details(ticketId, DESK_READER, CARD_READ);
    expect(read?.suggestedAnswer).toBeUndefined();
    expect(read!.transcript.length).toBeLessThanOrEqual(CARD_READ.lines);
    expect(read!.transcript.length).toBeGreaterThan(0);
  });
});
