/**
 * A customer talking to Baton over plain Direct Line 3.0 HTTP: start a conversation, post messages,
 * and collect the bot's replies by watermark polling. For full-stack tests that need no browser.
 */
export interface BotReply {
  readonly text: string;
  /** The values of the suggested-action buttons under the reply. */
  readonly actions: readonly string[];
}

export interface DirectLineCustomer {
  readonly conversationId: string;
  /** The conversation's Direct Line token, for calls the helper does not make. */
  readonly token: string;
  /** Posts `text` and resolves every bot message the turn produced (the POST returns after the turn). */
  say(text: string): Promise<BotReply[]>;
  /** Bot messages that arrived since the last read (proactive ones included). */
  read(): Promise<BotReply[]>;
  /** Posts any activity (e.g. `{ type: 'endOfConversation' }`) as this customer; resolves the HTTP status. */
  post(activity: Record<string, unknown>): Promise<number>;
}

interface WireActivity {
  type: string;
  text?: string;
  from?: { id: string };
  suggestedActions?: { actions?: Array<{ value?: unknown }> };
}

/** Starts a conversation as `userId` against `baseUrl` (e.g. http://127.0.0.1:3000). */
export async function startCustomer(baseUrl: string, userId = `customer-${Math.random().toString(36).slice(2, 8)}`): Promise<DirectLineCustomer> {
  const started = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' });
  if (!started.ok) throw new Error(`POST /conversations answered ${started.status}: ${await started.text()}`);
  const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const activitiesUrl = `${baseUrl}/v3/directline/conversations/${conversationId}/activities`;
  let watermark = '';

  async function read(): Promise<BotReply[]> {
    const response = await fetch(`${activitiesUrl}?watermark=${watermark}`, { headers });
    if (!response.ok) throw new Error(`GET activities answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { activities: WireActivity[]; watermark?: string };
    watermark = page.watermark ?? watermark;
    return page.activities
      .filter((activity) => activity.type === 'message' && activity.from?.id !== userId)
      .map((activity) => ({ text: activity.text ?? '', actions: (activity.suggestedActions?.actions ?? []).map((action) => String(action.value ?? '')) }));
  }

  return {
    conversationId,
    token,
    read,
    async post(activity) {
      const posted = await fetch(activitiesUrl, { method: 'POST', headers, body: JSON.stringify({ ...activity, from: { id: userId } }) });
      return posted.status;
    },
    async say(text) {
      const posted = await fetch(activitiesUrl, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text, from: { id: userId } }) });
      if (!posted.ok) throw new Error(`POST activity answered ${posted.status}: ${await posted.text()}`);
      return read();
    },
  };
}
