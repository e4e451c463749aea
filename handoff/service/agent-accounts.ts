/**
 * Agent accounts of a bot: who may sign in to the desks, with which token, and what they serve.
 * Read from the `AGENTS` setting (JSON) at start; each start upserts the profiles into the queue
 * store, keeping the presence and load an agent already has.
 */
import { z } from 'zod';
import { ConfigError } from '../../infra/errors.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HandoffStore } from '../store/handoff-store.js';

const account = z
  .object({
    id: z.string().regex(/^[\w.@-]{1,64}$/, 'must be 1-64 letters, digits or . _ @ -'),
    name: z.string().min(1).max(80),
    /** The agent's secret for the console and the agent API; at least 16 characters. */
    token: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 24`)'),
    languages: z.array(z.string().min(2)).min(1).default(['en']),
    skills: z.array(z.string().min(1)).min(1).default(['general']),
    capacity: z.number().int().min(1).max(50).default(3),
    /** The same person in Slack: the Slack desk acts as this agent for them (one capacity, one presence). */
    slackUserId: z
      .string()
      .regex(/^[UW][A-Z0-9]{6,}$/, "must be a Slack member ID like U0123ABCD (in Slack: the person's profile > ⋮ > Copy member ID)")
      .optional(),
    /** `supervisor` may also see every agent's practice results and choose practice material (docs/practice-mode.md). */
    role: z.enum(['agent', 'supervisor'], { error: 'must be "agent" or "supervisor"' }).optional(),
  })
  .strict();

/** One agent account. */
export type AgentAccount = z.output<typeof account>;

/**
 * Parses the `AGENTS` setting: a JSON array of accounts.
 * @throws ConfigError naming the bad entry and field.
 * @example parseAgentAccounts('[{"id":"ada","name":"Ada","token":"…24 chars…","languages":["en","zh"]}]')
 */
export function parseAgentAccounts(json: string): AgentAccount[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ConfigError(
      'AGENTS is not valid JSON. Use e.g. [{"id":"ada","name":"Ada","token":"<24+ random characters>","languages":["en"],"skills":["general"],"capacity":3}]',
    );
  }
  const result = z.array(account).min(1, 'must list at least one agent').safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `AGENTS${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')} ${issue.message}`,
    );
    throw new ConfigError(`Invalid agents:\n- ${problems.join('\n- ')}`);
  }
  const ids = new Set<string>();
  const tokens = new Set<string>();
  const slackUsers = new Set<string>();
  for (const agent of result.data) {
    if (ids.has(agent.id)) throw new ConfigError(`AGENTS lists the id '${agent.id}' twice; ids must be unique.`);
    if (tokens.has(agent.token)) throw new ConfigError(`AGENTS gives two agents the same token; every agent needs their own.`);
    if (agent.slackUserId && slackUsers.has(agent.slackUserId))
      throw new ConfigError(`AGENTS links the Slack user ${agent.slackUserId} to two agents; a Slack user is one agent.`);
    ids.add(agent.id);
    tokens.add(agent.token);
    if (agent.slackUserId) slackUsers.add(agent.slackUserId);
  }
  return result.data;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * Resolves a token to its agent id, comparing in constant time (as `secretsEqual`: SHA-256 digests, so
 * neither content nor length leaks). The accounts' digests are computed once, the presented token's once
 * a call: every agent API request authenticates, and hashing every account's token each time was a
 * tenth of a claim's CPU with 20 agents.
 */
export function agentAuthenticator(accounts: readonly AgentAccount[]): (token: string) => Promise<string | undefined> {
  const digests = accounts.map((account) => ({ id: account.id, digest: sha256(account.token) }));
  return async (token) => {
    const given = sha256(token);
    let found: string | undefined;
    // Compare against every account so the time taken does not tell which one matched.
    for (const account of digests) if (timingSafeEqual(given, account.digest)) found = account.id;
    return found;
  };
}

/** Creates or updates the accounts' profiles in the store; a known agent keeps their presence. */
export async function registerAgents(store: HandoffStore, accounts: readonly AgentAccount[], { presence = 'available' as const } = {}): Promise<void> {
  for (const { token: _token, slackUserId: _slackUserId, role: _role, ...profile } of accounts) {
    const existing = await store.getAgent(profile.id);
    await store.upsertAgent({ ...profile, presence: existing?.presence ?? presence });
  }
}
