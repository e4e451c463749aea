import { describe, expect, it } from 'vitest';
import type { TicketDetails } from '../../handoff/desk-api.js';
import { emotionTrend, ticketCard } from './card-view.js';

const NOW = Date.parse('2026-11-23T10:05:00Z');
const details = (over: Partial<TicketDetails> = {}): TicketDetails => ({
  id: 't1',
  conversationId: 'c1',
  state: 'queued',
  channel: 'telegram',
  customerName: 'Ana <!channel>',
  language: 'zh',
  skill: 'general',
  reason: 'negative_emotion',
  reasonDetail: 'emotion -0.82 over 3 turns',
  priority: 75,
  vip: true,
  queuedAt: NOW - 95_000,
  position: 2,
  customerLocalTime: 'Mon 18:05',
  customerTimeZone: 'Asia/Shanghai',
  lastIntent: 'track_order',
  emotionTrend: [-0.1, -0.5, -0.82],
  orderFacts: { order: 'A1001', status: 'shipped' },
  transcript: [{ from: 'customer', text: 'where is <b>my</b> order?', at: NOW - 100_000 }],
  ...over,
});
const text = (card: ReturnType<typeof ticketCard>) => JSON.stringify(card.blocks);
const buttons = (card: ReturnType<typeof ticketCard>) =>
  card.blocks.flatMap((block) => (block.type === 'actions' ? block.elements.map((element) => ('action_id' in element ? element.action_id : '')) : []));

describe('the ticket card', () => {
  it("shows what an agent needs to decide, escaped so the customer's words trigger nothing", () => {
    const card = ticketCard({ details: details(), holder: 'nobody', history: [], now: NOW });
    const shown = text(card);
    for (const fact of [
      ':rage: *Ana &lt;!channel&gt;* :star: VIP · Upset customer',
      'telegram',
      'Mon 18:05 (Asia/Shanghai)',
      'emotion -0.82 over 3 turns',
      '75 · VIP',
      '-0.10 → -0.50 → -0.82 (falling)',
      'track_order',
      'order: A1001 · status: shipped',
      '*Customer:* where is &lt;b&gt;my&lt;/b&gt; order?',
      'Waiting 1 min',
      '#2 in the general queue',
    ]) {
      expect(shown).toContain(fact);
    }
    expect(shown).not.toContain('<!channel>');
    expect(buttons(card)).toEqual(['baton_claim', 'baton_transcript']);
    expect(card.text).toBe('Ana &lt;!channel&gt;: Upset customer (queued)');
  });

  it('says where the ticket stands, with its history, and offers Claim only while queued', () => {
    const history = ['Claimed by <@U1> after 42 s of waiting'];
    const assigned = ticketCard({ details: details({ state: 'assigned', agentId: 'slack:U1' }), holder: '<@U1>', history, now: NOW });
    expect(text(assigned)).toContain('<@U1> has this conversation');
    expect(text(assigned)).toContain(history[0]);
    expect(buttons(assigned)).toEqual(['baton_transcript']);
    expect(text(ticketCard({ details: details({ state: 'resolved', agentId: 'ada' }), holder: 'Ada (console)', history, now: NOW }))).toContain(
      "Resolved by Ada (console) · waiting for the customer's rating",
    );
    expect(text(ticketCard({ details: details({ state: 'resolved', agentId: 'ada', csat: 4 }), holder: 'Ada', history, now: NOW }))).toContain('CSAT 4/5');
    expect(text(ticketCard({ details: details({ state: 'abandoned' }), holder: 'nobody', history, now: NOW }))).toContain('The customer left the queue');
    expect(text(ticketCard({ details: details({ state: 'returned' }), holder: 'nobody', history, now: NOW }))).toContain('Back with the bot');
  });

  it("leaves out what is not known, and reads the emotion trend's direction", () => {
    const bare = text(
      ticketCard({
        details: details({ vip: false, customerLocalTime: undefined, lastIntent: undefined, emotionTrend: [], orderFacts: {}, transcript: [] }),
        holder: 'nobody',
        history: [],
        now: NOW,
      }),
    );
    for (const absent of ["Customer's time", 'Emotion trend', 'Intent', 'Order', 'Last messages', 'VIP']) expect(bare).not.toContain(absent);
    expect(emotionTrend([0.1, 0.6])).toBe('0.10 → 0.60 (rising)');
    expect(emotionTrend([-0.2, -0.1, -0.25])).toBe('-0.20 → -0.10 → -0.25 (steady)');
    expect(emotionTrend([0.3])).toBe('0.30');
  });
});
