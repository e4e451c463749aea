/**
 * A bot's own escalation rules, through the whole app (Direct Line in, the trained NLU, the policy, the
 * queue): a custom rule opens a ticket with its reason and its name; a rule that throws is logged and
 * skipped, and the customer still gets the bot's answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { BUILT_IN_RULES, escalationRule } from '../../handoff/policy/index.js';
import { piiLogMasking } from '../../handoff/privacy/index.js';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { startCustomer } from '../support/directline-customer.js';
import { ONE_ADDRESS_LIMITS } from '../support/test-limits.js';

const wholesale = escalationRule('wholesale_lead', ({ input: { recognition } }) =>
  /\bwholesale\b/i.test(recognition.text) ? { reason: 'requested_human', detail: 'A wholesale lead', numbers: { lead: 'wholesale' } } : undefined,
);
const broken = escalationRule('broken_rule', () => {
  throw new Error('the rule has a bug');
});

describe('escalation rules a bot adds', () => {
  let assistant: ShopAssistant;
  let baseUrl: string;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const logger = createLogger({ level: 'warn', masking: piiLogMasking, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...ONE_ADDRESS_LIMITS });
    assistant = await createShopAssistant(config, { logger, escalationRules: [broken, ...BUILT_IN_RULES, wholesale] });
    baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  });

  afterAll(async () => {
    await assistant?.stop();
  });

  it('a custom rule opens a ticket with its reason, and its name in the details', async () => {
    const customer = await startCustomer(baseUrl);
    await customer.say('Do you sell wholesale to shops?');
    const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
    expect(ticket).toMatchObject({
      reason: 'requested_human',
      state: 'queued',
      details: { rule: 'wholesale_lead', lead: 'wholesale', detail: 'A wholesale lead' },
    });
  });

  it('a throwing rule is logged and skipped; the turn is still answered', async () => {
    const customer = await startCustomer(baseUrl);
    const replies = await customer.say('What payment methods do you accept?');
    expect(replies.map((r) => r.text).join('\n')).toMatch(/PayPal/);
    expect(await assistant.handoff.service.openTicketFor(customer.conversationId)).toBeUndefined();
    expect(lines.some((line) => line.rule === 'broken_rule' && /skipped/.test(String(line.msg)))).toBe(true);
  });
});
