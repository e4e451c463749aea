/**
 * Which handoff agent a Slack user acts as. Two ways, the first that applies:
 *
 * 1. An `AGENTS` account with `slackUserId`: the person is one agent in Slack and in the console,
 *    with one capacity, one presence and one line in the reports.
 * 2. Anyone else allowed on the desk (see DeskAccess) becomes the agent `slack:<user id>` on their
 *    first action, named from users.info, serving `SLACK_AGENT_DEFAULTS` (languages, skills,
 *    capacity), available. A Slack-only team then needs no account list at all: the desk channel's
 *    membership is the roster, managed where the team already works.
 *
 * Profiles created this way are kept as they are later (presence, and an admin's edits in the store).
 */
import type { Logger } from 'pino';
import type { AgentDesk } from '../../handoff/desk-api.js';
import type { AgentInput } from '../../handoff/types.js';
import type { DeskAccess } from './desk-access.js';
import type { SlackClient } from './desk-context.js';
import type { SlackAgentDefaults } from './settings.js';
import { escapeSlack } from './slack-text.js';

/** An `AGENTS` account, as far as Slack is concerned. */
export interface LinkedAccount {
  readonly id: string;
  readonly slackUserId?: string;
}

export interface SlackAgentsOptions {
  readonly accounts: readonly LinkedAccount[];
  readonly defaults: SlackAgentDefaults;
  readonly service: Pick<AgentDesk, 'me'>;
  /** Creates an agent's profile (the handoff store's upsert); called once per new Slack user. */
  readonly provision: (agent: AgentInput) => Promise<void>;
  readonly access: DeskAccess;
  readonly client: SlackClient;
  readonly log?: Logger;
}

const PREFIX = 'slack:';

/** Maps Slack users to agents and back. */
export class SlackAgents {
  readonly #o: SlackAgentsOptions;
  readonly #byUser = new Map<string, string>();
  readonly #byAgent = new Map<string, string>();

  constructor(options: SlackAgentsOptions) {
    this.#o = options;
    for (const account of options.accounts) {
      if (!account.slackUserId) continue;
      this.#byUser.set(account.slackUserId, account.id);
      this.#byAgent.set(account.id, account.slackUserId);
    }
  }

  /** The agent id `userId` acts as (without checking that they may). */
  agentIdOf(userId: string): string {
    return this.#byUser.get(userId) ?? `${PREFIX}${userId}`;
  }

  /** The Slack user behind `agentId`; undefined for agents who work only in the console. */
  slackUserOf(agentId: string): string | undefined {
    return this.#byAgent.get(agentId) ?? (agentId.startsWith(PREFIX) ? agentId.slice(PREFIX.length) : undefined);
  }

  /** How Slack shows an agent: a mention for Slack users, the profile name (console) for the others. */
  async label(agentId: string | undefined): Promise<string> {
    if (!agentId) return 'nobody';
    const user = this.slackUserOf(agentId);
    if (user) return `<@${user}>`;
    const profile = await this.#o.service.me(agentId).catch(() => undefined);
    return `${escapeSlack(profile?.name ?? agentId)} (console)`;
  }

  /**
   * The agent id `userId` acts as, creating the profile on their first action; undefined when the
   * user may not act (not on the desk).
   */
  async actor(userId: string): Promise<string | undefined> {
    if (!(await this.#o.access.isAllowed(userId))) return undefined;
    const agentId = this.agentIdOf(userId);
    if (this.#byUser.has(userId) || (await this.#o.service.me(agentId))) return agentId;
    const { defaults } = this.#o;
    await this.#o.provision({
      id: agentId,
      name: await this.#nameOf(userId),
      languages: defaults.languages,
      skills: defaults.skills,
      capacity: defaults.capacity,
      presence: 'available',
    });
    this.#o.log?.info({ agentId }, 'slack desk: agent created on first action');
    return agentId;
  }

  async #nameOf(userId: string): Promise<string> {
    try {
      const { user } = await this.#o.client.users.info({ user: userId });
      return user?.profile?.display_name || user?.real_name || user?.name || userId;
    } catch (error) {
      // Without users:read the agent still works, under their id.
      this.#o.log?.warn({ err: error, userId }, 'slack desk: users.info failed; the agent is named by their id');
      return userId;
    }
  }
}
