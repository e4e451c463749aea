/**
 * Feedback beyond handoffs, through the whole app (Direct Line over HTTP, memory stores): FAQ answers
 * ask "did this help?" (a "no" counts and offers a person), a bot-only conversation gets the CSAT
 * question once it has been idle (once, never after a person held it), with an optional comment that is
 * masked; both reach the dashboard per intent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCustomer } from '../support/directline-customer.js';
import { eventually } from '../support/fake-whatsapp-web.js';
import { ADMIN_TOKEN, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const MINUTE = 60_000;

describe('feedback beyond handoffs', () => {
  let fakes: Fakes;
  let app: FullApp;
  let clock = Date.parse('2026-12-07T10:00:00Z');

  beforeAll(async () => {
    fakes = await startFakes();
    app = await startFullApp(fakes, { now: () => clock, extra: { FEEDBACK_SETTINGS: JSON.stringify({ csatSampleRate: 1, idleMinutes: 10 }) } });
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dashboard's JSON
  const summary = async (): Promise<any> => {
    const response = await fetch(`${app.baseUrl}/dashboard/api/summary?minutes=60`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    return response.json();
  };
  const row = async (intent: string) => ((await summary()).totals.feedbackByIntent as { intent: string; helpful: number }[]).find((r) => r.intent === intent);

  it('asks "did this help?" under FAQ answers in both languages; a no counts and offers a person', async () => {
    const en = await startCustomer(app.baseUrl);
    const answer = (await en.say('what payment methods do you accept?')).at(-1)!;
    expect(answer.text).toMatch(/Visa[\s\S]*Did this help\?$/);
    expect(answer.actions).toEqual(['Yes', 'No']);
    const no = await en.say('No');
    expect(no.at(-1)).toEqual({ text: expect.stringMatching(/Sorry it didn't help\. Would you like a person/), actions: ['Talk to a person'] });

    const zh = await startCustomer(app.baseUrl);
    const zhAnswer = (await zh.say('你们支持哪些付款方式？')).at(-1)!;
    expect(zhAnswer.text).toMatch(/这个回答对您有帮助吗？$/);
    expect(zhAnswer.actions).toEqual(['是', '否']);
    expect((await zh.say('是')).at(-1)!.text).toBe('太好了，很高兴能帮到您！');

    const counted = await eventually('the per-intent counts', async () => {
      const found = await row('check_payment_methods');
      return found && found.helpful >= 1 ? found : undefined;
    });
    expect(counted).toMatchObject({ intent: 'check_payment_methods', helpful: 1, notHelpful: 1 });
  });

  it('asks a bot-only conversation for CSAT once idle, once only, and keeps its comment masked', async () => {
    const customer = await startCustomer(app.baseUrl);
    await customer.say('how long does delivery take?');
    clock += 11 * MINUTE;
    await app.assistant.feedback.runDue();
    const asked = await eventually('the CSAT question', async () => (await customer.read()).find((reply) => /How would you rate/.test(reply.text)));
    expect(asked.actions).toEqual(['1', '2', '3', '4', '5']);
    const scored = await customer.say('4');
    expect(scored.map((reply) => reply.text)).toEqual([
      expect.stringMatching(/Thank you for the 4/),
      'Anything you would like to add? Write it in one message, or tap Skip.',
    ]);
    expect((await customer.say('Quick answer, but call me on +44 20 7946 0958 next time')).at(-1)!.text).toBe("Thank you, I've passed that on to the team.");

    const comments = await app.assistant.feedback.comments(5);
    expect(comments[0]).toMatchObject({ intent: 'delivery_period', source: 'bot' });
    expect(comments[0]!.text).not.toMatch(/7946/);
    expect(await row('delivery_period')).toMatchObject({ csatCount: 1, csatAvg: 4 });
    expect((await summary()).totals.comments).toBe(1);

    // Never twice: more talk and more idle time bring no second question.
    await customer.say('how long does delivery take?');
    clock += 11 * MINUTE;
    await app.assistant.feedback.runDue();
    expect((await customer.read()).filter((reply) => /How would you rate/.test(reply.text))).toEqual([]);
  });

  it('never asks a conversation a person took', async () => {
    const customer = await startCustomer(app.baseUrl);
    await customer.say('how long does delivery take?');
    const queued = await customer.say('I want to talk to a real person');
    expect(queued.map((reply) => reply.text).join('\n')).toMatch(/queue|colleague|team/i);
    clock += 11 * MINUTE;
    await app.assistant.feedback.runDue();
    expect((await customer.read()).filter((reply) => /How would you rate/.test(reply.text))).toEqual([]);
  });
});

for (const store of ['memory', 'redis'] as const) {
  describe(`erasing feedback comments (${store})`, () => {
    let fakes: Fakes;
    let app: FullApp;
    let testRedis: TestRedis | undefined;
    let clock = Date.parse('2026-12-07T10:00:00Z');

    beforeAll(async () => {
      fakes = await startFakes();
      testRedis = store === 'redis' ? connectTestRedis('feedback-erase') : undefined;
      app = await startFullApp(fakes, {
        now: () => clock,
        ...(testRedis ? { redis: { url: testRedisUrl, keyPrefix: testRedis.keyPrefix } } : {}),
        extra: { FEEDBACK_SETTINGS: JSON.stringify({ csatSampleRate: 1, idleMinutes: 10 }) },
      });
    });
    afterAll(async () => {
      await app?.stop();
      await fakes?.close();
      await testRedis?.cleanup();
    });

    const admin = async (path: string) => {
      const response = await fetch(`${app.baseUrl}/api/admin${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(response.status).toBe(200);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the erase answer's JSON
      return (await response.json()) as any;
    };
    const commentTexts = async () => (await app.assistant.feedback.comments(200)).map((comment) => comment.text);

    /** A bot-only conversation that rates the bot once idle and leaves `comment`. */
    const commenter = async (userId: string, comment: string) => {
      const customer = await startCustomer(app.baseUrl, userId);
      await customer.say('how long does delivery take?');
      clock += 11 * MINUTE;
      await app.assistant.feedback.runDue();
      await eventually('the CSAT question', async () => (await customer.read()).find((reply) => /How would you rate/.test(reply.text)));
      await customer.say('5');
      expect((await customer.say(comment)).at(-1)!.text).toBe("Thank you, I've passed that on to the team.");
      return customer;
    };

    it("removes the conversation's comments with it, by conversation and by customer, and counts them", async () => {
      const ann = await commenter('ann-feedback-erase', 'Ann: fast and friendly');
      const ben = await commenter('ben-feedback-erase', 'Ben: found my parcel');
      const cy = await commenter('cy-feedback-erase', 'Cy: a keeper');
      expect(await commentTexts()).toEqual(['Cy: a keeper', 'Ben: found my parcel', 'Ann: fast and friendly']);

      const byConversation = await admin(`/conversations/${ann.conversationId}`);
      expect(byConversation.erased).toMatchObject({ feedbackComments: 1, transcript: true });
      expect(await commentTexts()).toEqual(['Cy: a keeper', 'Ben: found my parcel']);
      // Asked again: nothing was left.
      expect((await admin(`/conversations/${ann.conversationId}`)).erased).toMatchObject({ feedbackComments: 0 });

      const byCustomer = await admin('/customers/directline/ben-feedback-erase');
      expect(byCustomer.conversations[ben.conversationId]).toMatchObject({ feedbackComments: 1 });
      expect(await commentTexts()).toEqual(['Cy: a keeper']);
      expect(cy.conversationId).not.toBe(ben.conversationId);
    });
  });
}
