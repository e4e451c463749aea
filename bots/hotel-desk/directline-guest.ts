/**
 * A guest on plain Direct Line 3.0 HTTP, for the hotel desk's tests: start a conversation, post a
 * message (the POST returns once the turn is done), read the bot's messages by watermark.
 */
export interface GuestReply {
  readonly text: string;
  /** The values of the buttons under the reply. */
  readonly actions: readonly string[];
}

export interface DirectLineGuest {
  readonly conversationId: string;
  say(text: string): Promise<GuestReply[]>;
  read(): Promise<GuestReply[]>;
}

interface WireActivity {
  readonly type: string;
  readonly text?: string;
  readonly from?: { readonly id: string };
  readonly suggestedActions?: { readonly actions?: ReadonlyArray<{ readonly value?: unknown }> };
}

/** Starts a conversation against `baseUrl` (http://127.0.0.1:port). */
export async function startGuest(baseUrl: string, userId = `guest-${Math.random().toString(36).slice(2, 8)}`): Promise<DirectLineGuest> {
  const started = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' });
  if (!started.ok) throw new Error(`POST /conversations answered ${started.status}: ${await started.text()}`);
  const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const url = `${baseUrl}/v3/directline/conversations/${conversationId}/activities`;
  let watermark = '';
  async function read(): Promise<GuestReply[]> {
    const response = await fetch(`${url}?watermark=${watermark}`, { headers });
    if (!response.ok) throw new Error(`GET activities answered ${response.status}`);
    const page = (await response.json()) as { activities: WireActivity[]; watermark?: string };
    watermark = page.watermark ?? watermark;
    return page.activities
      .filter((activity) => activity.type === 'message' && activity.from?.id !== userId)
      .map((activity) => ({ text: activity.text ?? '', actions: (activity.suggestedActions?.actions ?? []).map((action) => String(action.value ?? '')) }));
  }
  return {
    conversationId,
    read,
    async say(text) {
      const posted = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text, from: { id: userId } }) });
      if (!posted.ok) throw new Error(`POST activity answered ${posted.status}: ${await posted.text()}`);
      return read();
    },
  };
}
