/**
 * What the handoff tells the customer must be true, tried as a new user would, through the app's front
 * doors: Direct Line over HTTP, the Telegram webhook, the agent API and the Slack card (loopback fakes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { startCustomer, type BotReply } from '../support/directline-customer.js';

const texts = (replies: readonly BotReply[]) => replies.map((reply) => reply.text).join('\n');

describe('contact-detail questions are answered, not escalated', () => {
  let fakes: Fakes;
  let app: FullApp;
  beforeAll(async () => {
    fakes = await startFakes();
    app = await startFullApp(fakes);
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  const questions = ['客服电话是多少', "what's your customer service phone number?", 'how can I email you?', '客服邮箱', '有没有人工客服的电话', '人工客服几点上班'];
  it.each(questions)('%s', async (question) => {
    const customer = await startCustomer(app.baseUrl);
    const replies = texts(await customer.say(question));
    expect(replies).toMatch(/support@demo-shop\.example/);
    expect(replies).toMatch(/\+1 555 0100/);
    expect(await app.assistant.handoff.service.openTicketFor(customer.conversationId)).toBeUndefined();
  });

  it.each(['I want to talk to a real person', '转人工', '转人工，你们电话多少'])('"%s" still reaches a person', async (request) => {
    const customer = await startCustomer(app.baseUrl);
    await customer.say(request);
    expect(await app.assistant.handoff.service.openTicketFor(customer.conversationId)).toMatchObject({ state: 'queued', reason: 'requested_human' });
  });
});
