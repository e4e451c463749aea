/**
 * The hotel desk bot through its front doors, built only from the package entry: a guest on Direct Line
 * HTTP, an agent on the console's agent API, the trained hotel model, the demo reservations in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Baton, createBaton } from 'baton';
// The Direct Line customer every full-stack test uses (test tooling, not Baton's code).
import { type BotReply, startCustomer as startGuest } from '../../tests/support/directline-customer.js';
import { HOTEL_ESCALATION_RULES, HOTEL_SETTINGS, hotelDesk } from './hotel-desk.js';

const AGENT_TOKEN = 'hotel-agent-token-0123456789';
const AGENTS = JSON.stringify([{ id: 'ines', name: 'Inês', token: AGENT_TOKEN, languages: ['en', 'zh'], skills: ['general'], capacity: 5 }]);
/** 10 January 2027: the demo bookings are ahead. */
const NOW = Date.parse('2027-01-10T09:00:00Z');
const texts = (replies: readonly BotReply[]) => replies.map((reply) => reply.text).join('\n');

describe('hotel desk over Direct Line', () => {
  let baton: Baton;
  let baseUrl: string;

  /** The agent console's API, as the agent (`any`: its JSON, read field by field by the assertions). */
  async function agentApi(path: string, method: 'GET' | 'POST' = 'GET'): Promise<{ status: number; body: any }> {
    const response = await fetch(`${baseUrl}/api/agent${path}`, { method, headers: { authorization: `Bearer ${AGENT_TOKEN}` } });
    return { status: response.status, body: await response.json() };
  }

  /** The queued ticket of a guest's conversation, as the agent sees it in the queue. */
  async function queuedTicketOf(conversationId: string) {
    const ticket = await baton.handoff.service.openTicketFor(conversationId);
    const queue = await agentApi('/queue');
    expect(queue.status).toBe(200);
    return queue.body.queued.find((entry: { id: string }) => entry.id === ticket?.id);
  }

  beforeAll(async () => {
    baton = await createBaton({
      config: { ...HOTEL_SETTINGS, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AGENTS },
      bot: hotelDesk(),
      escalationRules: HOTEL_ESCALATION_RULES,
      now: () => NOW,
    });
    baseUrl = `http://127.0.0.1:${await baton.start()}`;
  });

  afterAll(async () => {
    await baton?.stop();
  });

  it('answers a FAQ in English and in Chinese', async () => {
    const guest = await startGuest(baseUrl);
    expect(texts(await guest.say('what time is check-in?'))).toMatch(/Check-in is from 3 pm/);
    expect(texts(await guest.say('is there parking at the hotel?'))).toMatch(/garage/);
    const chinese = await startGuest(baseUrl);
    expect(texts(await chinese.say('早餐几点供应？'))).toMatch(/早餐为自助餐/);
    expect(texts(await chinese.say('wifi密码是多少'))).toMatch(/Harbour-Guest/);
  });

  it('changes the dates of a booking after checking the surname, and confirms', async () => {
    const guest = await startGuest(baseUrl);
    expect(texts(await guest.say('I need to change the dates of my booking'))).toMatch(/booking number/);
    expect(texts(await guest.say('R10482'))).toMatch(/surname the booking R10482 is under/);
    expect(texts(await guest.say('smith'))).toMatch(/Your stay is 2027-03-14 to 2027-03-17\. What are the new dates\?/);
    expect(texts(await guest.say('the 20th'))).toMatch(/couldn't read two dates/);
    const question = await guest.say('2027-03-20 to 2027-03-23');
    expect(texts(question)).toMatch(/Change booking R10482 to 2027-03-20 - 2027-03-23 \(3 nights\)\?/);
    expect(question.flatMap((reply) => reply.actions)).toEqual(['Yes', 'No']);
    expect(texts(await guest.say('Yes'))).toMatch(/Done: booking R10482 is now 2027-03-20 to 2027-03-23/);
    // The booking really moved.
    await guest.say('what is the status of booking R10482');
    expect(texts(await guest.say('Smith'))).toMatch(/Booking R10482: double room, 2027-03-20 to 2027-03-23 \(3 nights\)\. Status: confirmed/);
  });

  it('does the same in Chinese, and says a sold-out night', async () => {
    const guest = await startGuest(baseUrl);
    expect(texts(await guest.say('我想改一下预订R20391的日期'))).toMatch(/预订R20391登记的姓氏/);
    expect(texts(await guest.say('王'))).toMatch(/新的日期是/);
    expect(texts(await guest.say('2027年12月30日到2028年1月2日'))).toMatch(/确定把预订R20391改为 2027-12-30 至 2028-01-02（3晚）吗/);
    expect(texts(await guest.say('是'))).toMatch(/2027-12-31 当晚已满房/);
  });

  it('tells a guest with a bad booking number what a number looks like, then hands over to the front desk', async () => {
    const guest = await startGuest(baseUrl);
    expect(texts(await guest.say('please cancel reservation R99999'))).toMatch(/I can't find a booking R99999/);
    expect(texts(await guest.say('1234567'))).toMatch(/"1234567" is not a booking number: they are an R and five digits/);
    expect(await baton.handoff.service.openTicketFor(guest.conversationId)).toBeUndefined();
    expect(texts(await guest.say('R00000'))).toMatch(/I can't find a booking R00000/);
    expect(texts(await guest.say('R11111'))).toMatch(/passing you to the front desk/);
    expect(await queuedTicketOf(guest.conversationId)).toBeDefined();
  });

  it('refuses a wrong surname, and cancels for the right one', async () => {
    const guest = await startGuest(baseUrl);
    expect(texts(await guest.say('cancel booking R33710'))).toMatch(/surname/);
    expect(texts(await guest.say('Smith'))).toMatch(/That surname does not match booking R33710.*2 tries left/);
    expect(texts(await guest.say('garcia'))).toMatch(/Cancel booking R33710 \(harbour suite, 2027-05-20 to 2027-05-22\)\?/);
    expect(texts(await guest.say('yes'))).toMatch(/Booking R33710 is cancelled/);
  });

  it('puts a guest who asks for a person in the console queue, in English and Chinese', async () => {
    const guest = await startGuest(baseUrl);
    await guest.say('I want to talk to a person');
    const ticket = await queuedTicketOf(guest.conversationId);
    expect(ticket).toBeDefined();
    const details = await agentApi(`/tickets/${ticket.id}`);
    expect(details.status).toBe(200);
    expect(JSON.stringify(details.body)).toMatch(/requested_human/);
    // From the escalation policy: content/bot.json routes talk_to_person to "human".
    expect(JSON.stringify(details.body)).toMatch(/Intent talk_to_person at/);

    const chinese = await startGuest(baseUrl);
    await chinese.say('转人工');
    expect(await queuedTicketOf(chinese.conversationId)).toBeDefined();
  });

  it('hands over on the content\'s escalation phrases ("manager", "经理")', async () => {
    const guest = await startGuest(baseUrl);
    await guest.say('Is the manager available this afternoon?');
    const ticket = await queuedTicketOf(guest.conversationId);
    expect(JSON.stringify((await agentApi(`/tickets/${ticket.id}`)).body)).toMatch(/Asked for a person: .{0,2}manager/);
    const chinese = await startGuest(baseUrl);
    await chinese.say('你们经理今天下午在吗？');
    // A calm question, far from the talk_to_person rows and not read as upset: only the content's phrase queues it.
    const chineseTicket = await queuedTicketOf(chinese.conversationId);
    expect(JSON.stringify((await agentApi(`/tickets/${chineseTicket.id}`)).body)).toMatch(/Asked for a person: .{0,2}经理/);
  });

  it('puts a guest who mentions a medical emergency in the queue at once, by the hotel rule', async () => {
    const guest = await startGuest(baseUrl);
    await guest.say('my father collapsed in the lobby, please call an ambulance');
    const ticket = await queuedTicketOf(guest.conversationId);
    expect(ticket).toBeDefined();
    const details = JSON.stringify((await agentApi(`/tickets/${ticket.id}`)).body);
    expect(details).toMatch(/crisis/);
    expect(details).toMatch(/medical emergency/);
  });

  it('answers a greeting politely, in English and in Chinese', async () => {
    const guest = await startGuest(baseUrl);
    expect(texts(await guest.say('hello'))).toMatch(/Hello, and welcome to Harbour Hotel! How can I help you today\?/);
    const chinese = await startGuest(baseUrl);
    expect(texts(await chinese.say('你好'))).toMatch(/您好，欢迎来到海港酒店/);
  });

  it('asks for a rating after an agent resolves, and stores it on the ticket', async () => {
    const guest = await startGuest(baseUrl);
    await guest.say('I want to talk to a person');
    const ticket = await queuedTicketOf(guest.conversationId);
    expect((await agentApi(`/tickets/${ticket.id}/claim`, 'POST')).status).toBe(200);
    expect((await agentApi(`/tickets/${ticket.id}/resolve`, 'POST')).status).toBe(200);
    const asked = await guest.read();
    expect(texts(asked)).toMatch(/How would you rate the help you got from our front desk today\?/);
    expect(asked.flatMap((reply) => reply.actions)).toEqual(['1', '2', '3', '4', '5']);
    expect(texts(await guest.say('5'))).toMatch(/Thank you for your rating/);
    expect(JSON.stringify((await agentApi(`/tickets/${ticket.id}`)).body)).toMatch(/"csat":5/);
    // The question is asked once: the next message is a question again.
    expect(texts(await guest.say('what time is check-in?'))).toMatch(/Check-in is from 3 pm/);
  });

  it('answers a question asked in the middle of a dialog, and stops on "cancel"', async () => {
    const guest = await startGuest(baseUrl);
    expect(texts(await guest.say('change my check-in date'))).toMatch(/booking number/);
    expect(texts(await guest.say('what time is breakfast served?'))).toMatch(/Breakfast is a buffet/);
    expect(texts(await guest.say('cancel'))).toMatch(/I've stopped/);
    expect(texts(await guest.say('tell me a joke'))).toMatch(/didn't quite get that/);
  });
});
