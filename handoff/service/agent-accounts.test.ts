import { describe, expect, it } from 'vitest';
import { createMemoryHandoffStore } from '../store/index.js';
import { parseAgentAccounts, registerAgents } from './agent-accounts.js';

const ada = { id: 'ada', name: 'Ada', token: 'ada-token-0123456789abcdef' };

describe('agent accounts and Slack users', () => {
  it('links an account to a Slack member id, and keeps the link out of the agent profile', async () => {
    const accounts = parseAgentAccounts(JSON.stringify([{ ...ada, slackUserId: 'U0ADA0001' }]));
    expect(accounts[0]).toMatchObject({ id: 'ada', slackUserId: 'U0ADA0001' });
    const store = createMemoryHandoffStore();
    await registerAgents(store, accounts);
    expect(await store.getAgent('ada')).toEqual({
      id: 'ada',
      name: 'Ada',
      languages: ['en'],
      skills: ['general'],
      capacity: 3,
      presence: 'available',
      activeTickets: 0,
    });
  });

  it('says what a Slack member id looks like, and refuses one person linked twice', () => {
    expect(() => parseAgentAccounts(JSON.stringify([{ ...ada, slackUserId: '@ada' }]))).toThrow(
      /AGENTS\[0\]\.slackUserId must be a Slack member ID like U0123ABCD/,
    );
    const ben = { id: 'ben', name: 'Ben', token: 'ben-token-0123456789abcdef', slackUserId: 'U0ADA0001' };
    expect(() => parseAgentAccounts(JSON.stringify([{ ...ada, slackUserId: 'U0ADA0001' }, ben]))).toThrow(/links the Slack user U0ADA0001 to two agents/);
  });

  it('gives an account the supervisor role, kept out of the agent profile, and refuses an unknown role', async () => {
    const accounts = parseAgentAccounts(JSON.stringify([{ ...ada, role: 'supervisor' }]));
    expect(accounts[0]).toMatchObject({ id: 'ada', role: 'supervisor' });
    const store = createMemoryHandoffStore();
    await registerAgents(store, accounts);
    expect(await store.getAgent('ada')).not.toHaveProperty('role');
    expect(() => parseAgentAccounts(JSON.stringify([{ ...ada, role: 'boss' }]))).toThrow(/AGENTS\[0\]\.role must be "agent" or "supervisor"/);
  });
});
