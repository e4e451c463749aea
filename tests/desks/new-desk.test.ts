/**
 * "A new desk is one folder plus one registry line": the test desk (tests/desks/test-desk/) is added
 * to the built-in desks in one line, is built by the same walk as the console and Slack, receives an
 * escalated ticket's event, answers through the handoff service, and never gets its own action back;
 * the whole bot takes it the public way, `deskRegistry: [...BUILT_IN_DESKS, testDesk]`.
 */
import { BUILT_IN_DESKS, type DeskDeps } from 'baton';
import { afterEach, describe, expect, it } from 'vitest';
import { createShopAssistant } from '../../bots/shop-assistant/app.js';
import { desksFromConfig } from '../../desks/registry.js';
import { createMemoryDedupeStore } from '../../infra/dedupe-store.js';
import { actingAs } from '../../handoff/service/index.js';
import { loadConfig } from '../../infra/config.js';
import { createHarness, type Harness } from '../handoff/harness.js';
import { startCustomer } from '../support/directline-customer.js';
import { type TestDesk, testDeskFactory } from './test-desk/index.js';

describe('a new desk', () => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  function deps(harness: Harness): DeskDeps {
    return {
      config: loadConfig({}),
      service: harness.service,
      agents: {
        accounts: [],
        authenticate: async () => undefined,
        provision: async (agent) => void (await harness.store.upsertAgent(agent)),
        list: () => harness.store.listAgents(),
      },
      dedupe: createMemoryDedupeStore(),
    };
  }

  it('is one factory in the registry: built, handed the escalation, answers, and never hears its own actions', async () => {
    h = await createHarness('memory');
    const testDesk = testDeskFactory({ agentId: 'ada' });
    const registry = [...BUILT_IN_DESKS, testDesk];
    const built = await desksFromConfig(deps(h), registry);
    // The console is always on; Slack has no settings here; the new desk is built like them.
    expect(built.desks.map((desk) => desk.name)).toEqual(['console', 'test-desk']);
    const desk = built.of(testDesk)!;
    const server = { on: () => undefined } as never;
    for (const each of built.desks) if (each.name === 'test-desk') await each.start({ server });

    const { ticket } = await h.escalate('c1', { text: 'I want a person' });
    await desk.idle();

    // The customer got the desk's answer through the handoff, as from any desk.
    expect(h.channel.textsFor('c1')).toContain('Hello from the test desk: how can I help?');
    expect((await h.service.details(ticket.id, 'ada'))?.state).toBe('assigned');
    // It heard the escalation, and nothing its own claim and reply caused.
    expect(desk.received.map((event) => event.type)).toEqual(['ticket_updated', 'queue_changed']);
    // The console (and every agent) heard all of it, each tagged with who acted.
    expect(h.events.filter((event) => event.type === 'agent_message')).toHaveLength(1);

    // Another desk's action on the ticket (the same agent, in the console) still reaches it.
    expect(await actingAs(h.service, { desk: 'console' }).note(ticket.id, 'ada', 'Seen from the console')).toMatchObject({ ok: true });
    expect(desk.received.map((event) => event.type)).toEqual(['ticket_updated', 'queue_changed', 'agent_message']);
    for (const each of built.desks) await each.stop();
  });

  it('refuses two desks of one name, saying the fix', async () => {
    h = await createHarness('memory');
    const twice = [...BUILT_IN_DESKS, { ...testDeskFactory({ agentId: 'ada' }), name: 'console' }];
    await expect(desksFromConfig(deps(h), twice)).rejects.toThrow("Two desks are named 'console'. Give each desk factory its own name.");
  });

  it('joins a whole bot with one line of the deskRegistry option, and answers a customer who asked for a person', async () => {
    const testDesk = testDeskFactory({ agentId: 'ada' });
    const assistant = await createShopAssistant(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        AGENTS: '[{"id":"ada","name":"Ada","token":"ada-token-0123456789abcd","languages":["en"]}]',
      }),
      {
        deskRegistry: [...BUILT_IN_DESKS, testDesk],
      },
    );
    try {
      const port = await assistant.start();
      await assistant.handoff.service.setPresence('ada', 'available');
      expect(assistant.desks.map((desk) => desk.name)).toEqual(['console', 'test-desk']);
      const desk = assistant.desks.find((each) => each.name === 'test-desk') as TestDesk;
      const customer = await startCustomer(`http://127.0.0.1:${port}`);
      let texts = (await customer.say('I want to talk to a real person please')).map((reply) => reply.text);
      await desk.idle();
      const deadline = Date.now() + 10_000;
      while (!texts.includes('Hello from the test desk: how can I help?') && Date.now() < deadline) {
        texts = [...texts, ...(await customer.read()).map((reply) => reply.text)];
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(texts).toContain('Hello from the test desk: how can I help?');
      expect(desk.received.map((event) => event.type)).not.toContain('agent_message');
    } finally {
      await assistant.stop();
    }
  }, 60_000);
});
