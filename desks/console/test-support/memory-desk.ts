/**
 * An in-memory `AgentDesk` for the console's tests: two agents, a few tickets, real state changes for
 * claim / reply / note / transfer / return / resolve, and a subscribe that emits events. The real
 * handoff service replaces it in production; this double only has to keep the contract's promises.
 */
import type {
  ActionResult,
  AgentDesk,
  AgentProfile,
  CannedReply,
  DeskErrorCode,
  DeskEvent,
  MediaAttachmentRef,
  SendOptions,
  Presence,
  TicketDetails,
  TicketSummary,
  TransferTarget,
  TranscriptLine,
} from '../../../handoff/desk-api.js';

type Ticket = { -readonly [K in keyof TicketDetails]: TicketDetails[K] } & { transcript: TranscriptLine[] };
type Listener = (event: DeskEvent) => void;

/** Agent tokens of the double: `token-ada` → 'ada', `token-ben` → 'ben'. */
export const TEST_TOKENS: Readonly<Record<string, string>> = { 'token-ada': 'ada', 'token-ben': 'ben' };

/** The `authenticate` callback matching `TEST_TOKENS`. */
export const authenticateTestAgent = async (token: string): Promise<string | undefined> => TEST_TOKENS[token];

function ticket(id: string, fields: Partial<Ticket>): Ticket {
  const now = Date.now();
  return {
    id,
    conversationId: `conv-${id}`,
    state: 'queued',
    channel: 'web',
    customerName: 'Customer',
    language: 'en',
    skill: 'orders',
    reason: 'requested_human',
    reasonDetail: 'asked for a human',
    priority: 3,
    vip: false,
    queuedAt: now - 90_000,
    customerLocalTime: '14:05',
    customerTimeZone: 'Europe/Paris',
    lastIntent: 'order.track',
    emotionTrend: [0.1, -0.2, -0.5],
    orderFacts: { order: '#10***42', status: 'shipped' },
    suggestedAnswer: 'Your parcel left our warehouse yesterday.',
    transcript: [
      { from: 'customer', text: 'Where is my order?', at: now - 120_000 },
      { from: 'bot', text: 'Your order number, please?', at: now - 110_000 },
      { from: 'customer', text: 'I want a human <b>now</b>', at: now - 100_000 },
    ],
    ...fields,
  };
}

/** The double; `replies` records what agents sent to customers. */
export class MemoryDesk implements AgentDesk {
  readonly agents = new Map<string, AgentProfile>([
    ['ada', { id: 'ada', name: 'Ada', languages: ['en', 'fr'], skills: ['orders'], capacity: 2, presence: 'available', activeTickets: 0 }],
    ['ben', { id: 'ben', name: 'Ben', languages: ['en'], skills: ['orders', 'billing'], capacity: 2, presence: 'available', activeTickets: 0 }],
  ]);
  readonly tickets = new Map<string, Ticket>([
    [
      't1',
      ticket('t1', {
        customerName: 'Chloé <script>',
        reason: 'crisis',
        reasonDetail: 'mentioned a lawyer',
        priority: 1,
        vip: true,
        language: 'fr',
        queuedAt: Date.now() - 300_000,
        routedBy: 'crisis to orders <b>',
        callback: true,
      }),
    ],
    ['t2', ticket('t2', { customerName: 'Dan', channel: 'telegram' })],
  ]);
  readonly replies: { ticketId: string; agentId: string; text: string }[] = [];
  /** Every reply asked for, sent or not, with its idempotency key. */
  readonly replyAttempts: { ticketId: string; text: string; key?: string }[] = [];
  /** How many of the next replies the customer's channel refuses (`delivery_failed`). */
  failReplies = 0;
  readonly #sentKeys = new Set<string>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #subscribed: (() => void)[] = [];

  async me(agentId: string) {
    return this.agents.get(agentId);
  }
  async setPresence(agentId: string, presence: Presence) {
    const agent = this.agents.get(agentId);
    if (!agent) return undefined;
    const updated = { ...agent, presence };
    this.agents.set(agentId, updated);
    return updated;
  }
  async queue(agentId: string) {
    const all = [...this.tickets.values()];
    const queued = all.filter((t) => t.state === 'queued').sort((a, b) => a.priority - b.priority || a.queuedAt - b.queuedAt);
    return {
      queued: queued.map((t, i) => ({ ...summary(t), position: i + 1 })),
      mine: all.filter((t) => t.state === 'assigned' && t.agentId === agentId).map(summary),
    };
  }
  async details(ticketId: string) {
    const found = this.tickets.get(ticketId);
    return found ? { ...found, transcript: [...found.transcript] } : undefined;
  }
  async claim(ticketId: string, agentId: string): Promise<ActionResult> {
    const found = this.tickets.get(ticketId);
    if (!found) return refuse('not_found', `No ticket ${ticketId}.`);
    if (found.state === 'assigned') return refuse('already_claimed', 'Another agent took this ticket.');
    if (found.state !== 'queued') return refuse('not_queued', 'This ticket is no longer queued.');
    found.state = 'assigned';
    found.agentId = agentId;
    return this.#changed(found);
  }
  async claimNext(agentId: string): Promise<ActionResult> {
    const next = (await this.queue(agentId)).queued[0];
    return next ? this.claim(next.id, agentId) : refuse('empty_queue', 'Nobody is waiting.');
  }
  async reply(ticketId: string, agentId: string, text: string, { key }: SendOptions = {}) {
    this.replyAttempts.push({ ticketId, text, ...(key === undefined ? {} : { key }) });
    if (this.failReplies > 0) {
      this.failReplies--;
      return refuse('delivery_failed', "The customer's channel did not accept the message; nothing was sent. Try again in a moment.");
    }
    // A key already sent is answered as the handoff service answers it: repeated, nothing sent.
    const scope = key === undefined ? undefined : JSON.stringify([ticketId, agentId, key]);
    if (scope !== undefined && this.#sentKeys.has(scope)) {
      const found = this.tickets.get(ticketId);
      if (found) return { ok: true as const, ticket: summary(found), repeated: true as const };
    }
    const result = await this.#append(ticketId, agentId, { from: 'agent', text, at: Date.now(), agentId });
    if (result.ok && scope !== undefined) this.#sentKeys.add(scope);
    return result;
  }
  async sendMedia(ticketId: string, agentId: string, media: MediaAttachmentRef, caption = '') {
    const { sha256: _digest, ...shown } = media;
    const view = { ...shown, url: `/media/${media.mediaId}`, downloadUrl: `/media/${media.mediaId}?dl=1` };
    const result = await this.#append(ticketId, agentId, { from: 'agent', text: caption, at: Date.now(), agentId, attachments: [view] });
    // As the service answers: the file the customer got, which the console keeps.
    return result.ok ? { ...result, mediaId: media.mediaId } : result;
  }
  async note(ticketId: string, agentId: string, text: string) {
    return this.#append(ticketId, agentId, { from: 'note', text, at: Date.now(), agentId });
  }
  async transfer(ticketId: string, agentId: string, target: TransferTarget) {
    return this.#finish(ticketId, agentId, (t) => {
      if ('toAgentId' in target) t.agentId = target.toAgentId;
      else Object.assign(t, { state: 'queued', agentId: undefined, skill: target.toSkill });
    });
  }
  async returnToBot(ticketId: string, agentId: string) {
    return this.#finish(ticketId, agentId, (t) => (t.state = 'returned'));
  }
  async resolve(ticketId: string, agentId: string) {
    return this.#finish(ticketId, agentId, (t) => (t.state = 'resolved'));
  }
  async cannedReplies(locale?: string): Promise<readonly CannedReply[]> {
    const all = [
      { name: 'greeting', locale: 'en', text: 'Hello, I am here to help.' },
      { name: 'refund-timeline', locale: 'en', text: 'Refunds arrive within 5 working days.' },
      { name: 'bonjour', locale: 'fr', text: 'Bonjour, je suis là pour vous aider.' },
    ];
    return locale ? all.filter((reply) => reply.locale === locale.split('-')[0]) : all;
  }
  async subscribe(agentId: string, listener: Listener) {
    const set = this.#listeners.get(agentId) ?? new Set<Listener>();
    set.add(listener);
    this.#listeners.set(agentId, set);
    this.#subscribed.splice(0).forEach((wake) => wake());
    return async () => void set.delete(listener);
  }

  /** Subscribers of `agentId` right now. */
  subscriberCount(agentId: string): number {
    return this.#listeners.get(agentId)?.size ?? 0;
  }
  /** Resolves once `agentId` has a subscriber (bounded by the test's own timeout). */
  async waitForSubscriber(agentId: string): Promise<void> {
    while (this.subscriberCount(agentId) === 0) await new Promise<void>((wake) => this.#subscribed.push(wake));
  }
  /** Sends `event` to every subscriber, as the service does for events from any instance. */
  emit(event: DeskEvent): void {
    for (const set of this.#listeners.values()) for (const listener of set) listener(event);
  }
  /** The customer writes on `ticketId`: appended to the transcript and pushed live. */
  customerSays(ticketId: string, text: string): void {
    const line: TranscriptLine = { from: 'customer', text, at: Date.now() };
    this.tickets.get(ticketId)?.transcript.push(line);
    this.emit({ type: 'customer_message', ticketId, line });
  }

  async #append(ticketId: string, agentId: string, line: TranscriptLine): Promise<ActionResult> {
    const found = this.tickets.get(ticketId);
    if (!found) return refuse('not_found', `No ticket ${ticketId}.`);
    if (found.state !== 'assigned' || found.agentId !== agentId)
      return refuse('not_holder', 'Only the agent holding this ticket may write on it; claim it first.');
    found.transcript.push(line);
    if (line.from === 'agent') this.replies.push({ ticketId, agentId, text: line.text });
    this.emit({ type: 'agent_message', ticketId, line });
    return { ok: true, ticket: summary(found) };
  }
  async #finish(ticketId: string, agentId: string, change: (t: Ticket) => void): Promise<ActionResult> {
    const found = this.tickets.get(ticketId);
    if (!found) return refuse('not_found', `No ticket ${ticketId}.`);
    if (found.state !== 'assigned' || found.agentId !== agentId) return refuse('not_holder', 'Only the agent holding this ticket may do that.');
    change(found);
    return this.#changed(found);
  }
  #changed(found: Ticket): ActionResult {
    const ticket = summary(found);
    this.emit({ type: 'ticket_updated', ticket });
    this.emit({ type: 'queue_changed' });
    return { ok: true, ticket };
  }
}

function summary(t: Ticket): TicketSummary {
  const { id, conversationId, state, agentId, channel, customerName, language, skill, routedBy, reason, reasonDetail, priority, vip, queuedAt, callback } = t;
  return {
    id,
    conversationId,
    state,
    ...(agentId ? { agentId } : {}),
    channel,
    customerName,
    language,
    skill,
    ...(routedBy ? { routedBy } : {}),
    reason,
    reasonDetail,
    priority,
    vip,
    queuedAt,
    ...(callback ? { callback } : {}),
  };
}

function refuse(code: DeskErrorCode, message: string): ActionResult {
  return { ok: false, code, message };
}
