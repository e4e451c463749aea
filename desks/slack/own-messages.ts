/**
 * Replies and notes an agent wrote in a Slack thread are already in that thread; when the handoff
 * announces them (`agent_message`), the desk must not post them a second time. Messages from the
 * console, or from anyone else, must still appear.
 *
 * Why this works: the desk calls `reply` / `note` on this instance, and the handoff hands the
 * resulting event to this instance's origin listeners synchronously, inside that call. So "an
 * agent_message for this ticket, agent and text while the call is running" is exactly our own echo.
 */
import type { DeskEvent } from '../../handoff/desk-api.js';
import { maskText } from '../../handoff/privacy/index.js';

type AgentMessage = Extract<DeskEvent, { type: 'agent_message' }>;

/** Marks the calls in flight whose `agent_message` is our own. */
export class OwnMessages {
  readonly #inFlight = new Map<string, number>();
  /** Media ids of files a Slack agent is sending: their echo carries the id (the origin tag), whatever the caption. */
  readonly #media = new Set<string>();

  /** Runs `send` (a `sendMedia` of the stored file `mediaId`), marking its echo as own while it runs. */
  async sendMedia<T>(mediaId: string, send: () => Promise<T>): Promise<T> {
    this.#media.add(mediaId);
    try {
      return await send();
    } finally {
      this.#media.delete(mediaId);
    }
  }

  /**
   * Runs `send` (a `reply` or `note` of `agentId` on `ticketId` with `text`), marking its echo as own
   * while it runs.
   */
  async send<T>(ticketId: string, agentId: string, text: string, send: () => Promise<T>): Promise<T> {
    // The event carries the masked text, so the key does too.
    const key = keyOf(ticketId, agentId, maskText(text));
    this.#inFlight.set(key, (this.#inFlight.get(key) ?? 0) + 1);
    try {
      return await send();
    } finally {
      const left = (this.#inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.#inFlight.set(key, left);
      else this.#inFlight.delete(key);
    }
  }

  /** True when `event` is the echo of a message written in Slack (call it synchronously, from the origin listener). */
  isOwn(event: AgentMessage): boolean {
    if (event.line.attachments?.some((file) => this.#media.has(file.mediaId))) return true;
    return event.line.agentId !== undefined && this.#inFlight.has(keyOf(event.ticketId, event.line.agentId, event.line.text));
  }
}

const keyOf = (ticketId: string, agentId: string, text: string) => JSON.stringify([ticketId, agentId, text]);
