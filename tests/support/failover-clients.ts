/**
 * Clients of several Baton instances behaving as behind a load balancer: requests go round-robin to
 * the instances believed alive; a request whose connection fails (the instance died) is sent again to
 * another one, as a balancer's retry or Web Chat's own re-post would do, with the same
 * clientActivityID. What every request ended as is kept, so a test can check that nothing answered
 * 200 was lost.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** The instances, and which ones the "balancer" still sends to. */
export class Fleet {
  readonly #urls: string[];
  readonly #dead = new Set<string>();
  #next = 0;
  /** Requests sent again to another instance after a connection failure. */
  failovers = 0;

  constructor(urls: readonly string[]) {
    this.#urls = [...urls];
  }

  /**
   * Sends `request(baseUrl)` to the next live instance and reads the whole answer; on a connection
   * failure (also one cutting the answer short) marks that instance dead and tries another (at most 3
   * times). Resolves status and body, or undefined when every attempt failed.
   */
  async call(request: (baseUrl: string) => Promise<Response>): Promise<{ status: number; json: unknown } | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const live = this.#urls.filter((url) => !this.#dead.has(url));
      if (live.length === 0) return undefined;
      const url = live[this.#next++ % live.length]!;
      try {
        const response = await request(url);
        const text = await response.text();
        return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
      } catch {
        // Refused, reset or cut mid-answer: the instance is gone; the balancer's health check agrees.
        if (live.length > 1) this.#dead.add(url);
        this.failovers++;
      }
    }
    return undefined;
  }
}

/** One message a customer posted, and what became of it. */
export interface SentMessage {
  readonly text: string;
  readonly clientActivityId: string;
  /** The final HTTP status (undefined: no instance answered). */
  status?: number;
  /** The activity id a 200 answered. */
  id?: string;
}

/** A Direct Line customer; the token works on every instance (TOKEN_SECRET is shared). */
export class WebCustomer {
  readonly sent: SentMessage[] = [];
  constructor(
    readonly userId: string,
    readonly conversationId: string,
    readonly token: string,
  ) {}

  /** Starts a conversation through the fleet. */
  static async start(fleet: Fleet, userId: string): Promise<WebCustomer> {
    const response = await fleet.call((url) => fetch(`${url}/v3/directline/conversations`, { method: 'POST', signal: AbortSignal.timeout(30_000) }));
    if (response?.status !== 201) throw new Error(`could not start a conversation for ${userId}: ${response?.status}`);
    const { conversationId, token } = response.json as { conversationId: string; token: string };
    return new WebCustomer(userId, conversationId, token);
  }

  /** Posts `text` with a fresh clientActivityID; a failover re-posts it unchanged. */
  async say(fleet: Fleet, text: string): Promise<SentMessage> {
    const message: SentMessage = { text, clientActivityId: randomUUID() };
    this.sent.push(message);
    const body = JSON.stringify({ type: 'message', text, from: { id: this.userId }, channelData: { clientActivityID: message.clientActivityId } });
    const response = await fleet.call((url) =>
      fetch(`${url}/v3/directline/conversations/${this.conversationId}/activities`, {
        method: 'POST',
        headers: this.#headers(),
        body,
        signal: AbortSignal.timeout(30_000),
      }),
    );
    message.status = response?.status;
    if (response?.status === 200) message.id = (response.json as { id: string }).id;
    return message;
  }

  /** The whole Direct Line log of the conversation, read from `baseUrl`. */
  async log(baseUrl: string): Promise<Array<{ id: string; type: string; text?: string; replyToId?: string; from: { id: string; role?: string } }>> {
    const all = [];
    let watermark = '';
    for (let page = 0; page < 100; page++) {
      const response = await fetch(`${baseUrl}/v3/directline/conversations/${this.conversationId}/activities?watermark=${watermark}`, {
        headers: this.#headers(),
      });
      const body = (await response.json()) as { activities: Awaited<ReturnType<WebCustomer['log']>>; watermark: string };
      if (body.activities.length === 0) break;
      all.push(...body.activities);
      watermark = body.watermark;
    }
    return all;
  }

  #headers() {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
  }
}

/** An agent on the agent API, through the fleet. */
export class AgentClient {
  /** Replies that were answered 200: what must reach the customer. */
  readonly delivered: Array<{ ticketId: string; text: string }> = [];
  constructor(
    readonly id: string,
    readonly token: string,
  ) {}

  /** Calls the agent API; resolves status and JSON body (status 0 when no instance answered). */
  async api<T>(fleet: Fleet, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fleet.call((url) =>
      fetch(`${url}/api/agent${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      }),
    );
    return response ? { status: response.status, body: response.json as T } : { status: 0, body: undefined as T };
  }

  /** Replies on a ticket; a 200 is recorded as delivered. */
  async reply(fleet: Fleet, ticketId: string, text: string): Promise<number> {
    const { status } = await this.api(fleet, 'POST', `/tickets/${ticketId}/reply`, { text });
    if (status === 200) this.delivered.push({ ticketId, text });
    return status;
  }
}

/**
 * A Direct Line stream that resumes where it stopped: when its socket drops (the instance died), it
 * reconnects to `nextUrl()` with the watermark of the last frame it got, as Web Chat does. Every
 * activity received is kept by id, so a test can compare them with the log.
 */
export class ResumingStream {
  readonly received = new Map<string, { text?: string }>();
  /** Close codes of every socket it had, in order. */
  readonly closes: number[] = [];
  #watermark = '';
  #stopped = false;
  #socket: WebSocket | undefined;

  constructor(
    readonly customer: WebCustomer,
    readonly nextUrl: () => string,
  ) {}

  /** Opens the first socket; resolves once it is open. */
  async open(): Promise<void> {
    await this.#connect();
  }

  /** Closes for good. */
  stop(): void {
    this.#stopped = true;
    this.#socket?.close();
  }

  async #connect(): Promise<void> {
    const base = this.nextUrl().replace(/^http/, 'ws');
    const url = `${base}/v3/directline/conversations/${this.customer.conversationId}/stream?t=${encodeURIComponent(this.customer.token)}${this.#watermark ? `&watermark=${this.#watermark}` : ''}`;
    const socket = new WebSocket(url);
    this.#socket = socket;
    socket.on('message', (data) => {
      const text = String(data);
      if (!text) return;
      const frame = JSON.parse(text) as { activities: Array<{ id: string; text?: string }>; watermark: string };
      for (const activity of frame.activities) this.received.set(activity.id, { text: activity.text });
      this.#watermark = frame.watermark || this.#watermark;
    });
    socket.on('error', () => undefined);
    socket.on('close', (code) => {
      this.closes.push(code);
      // Reconnect once per drop, after a moment, as clients back off; bounded by the test's lifetime.
      if (!this.#stopped && this.closes.length < 5) setTimeout(() => void this.#connect().catch(() => undefined), 200);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_request, response) => reject(new Error(`stream refused: ${response.statusCode}`)));
    });
  }
}
