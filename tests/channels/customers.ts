/**
 * One customer per channel, all with the same two verbs, so a scripted conversation can run unchanged on
 * each: `say` sends a message through the channel's front door (Direct Line, a Telegram webhook, a signed
 * WhatsApp Cloud webhook, the whatsapp-web.js client's 'message' event, a Bot Framework activity) and
 * resolves the texts the bot answered; `read` resolves what arrived since (agent replies, CSAT).
 */
import type { Channel } from '../../adapters/channel.js';
import type { TelegramChannel } from '../../adapters/telegram/index.js';
import type { WhatsAppCloudChannel, WhatsAppWebChannel } from '../../adapters/whatsapp/index.js';
import { channelActivity, type FakeConnector } from '../support/fake-bot-connector.js';
import { startCustomer } from '../support/directline-customer.js';
import type { FakeGraphApi } from '../support/fake-graph-api.js';
import { shownText } from '../support/fake-graph-api.js';
import type { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { eventually, webMessage, type FakePhone } from '../support/fake-whatsapp-web.js';
import { envelope, newWamid, postWebhook, textMessage } from '../support/whatsapp-webhook.js';
import { customer as telegramCustomer, textUpdate } from '../telegram/updates.js';

/** A customer on one channel. */
export interface ChannelCustomer {
  /** The conversation id the handoff knows them by. */
  readonly conversationId: string;
  say(text: string): Promise<string[]>;
  read(): Promise<string[]>;
}

/** Everything the drivers reach: the app's base URL, its channels, and the platform fakes. */
export interface Platforms {
  baseUrl: string;
  channels: readonly Channel[];
  telegram: { fake: FakeTelegramApi; secret: string };
  graph: FakeGraphApi;
  phone: FakePhone;
  connector: FakeConnector;
}

let sequence = 0;
const next = () => ++sequence;
const channelNamed = <T extends Channel>(platforms: Platforms, name: string) => platforms.channels.find((channel) => channel.name === name) as T;

/** Reads a growing list from where the last read stopped. */
function cursor<T>(all: () => T[]): () => T[] {
  let seen = 0;
  return () => {
    const list = all();
    const fresh = list.slice(seen);
    seen = list.length;
    return fresh;
  };
}

export async function webCustomer({ baseUrl }: Platforms): Promise<ChannelCustomer> {
  const customer = await startCustomer(baseUrl);
  return {
    conversationId: customer.conversationId,
    say: async (text) => (await customer.say(text)).map((reply) => reply.text),
    read: async () => (await customer.read()).map((reply) => reply.text),
  };
}

export async function telegramCustomerOf(platforms: Platforms): Promise<ChannelCustomer> {
  const { fake, secret } = platforms.telegram;
  const adapter = channelNamed<TelegramChannel>(platforms, 'telegram').adapter;
  const mia = telegramCustomer(700_000 + next());
  const fresh = cursor(() => fake.succeeded('sendMessage', (params) => String(params.chat_id) === String(mia.id)).map((call) => String(call.params.text)));
  return {
    conversationId: String(mia.id),
    async say(text) {
      const response = await fetch(`${platforms.baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
        body: JSON.stringify(textUpdate(900_000 + next(), mia, text)),
      });
      if (response.status !== 200) throw new Error(`Telegram webhook answered ${response.status}`);
      await adapter.drain();
      return fresh();
    },
    read: async () => fresh(),
  };
}

export async function whatsAppCloudCustomer(platforms: Platforms): Promise<ChannelCustomer> {
  const { graph } = platforms;
  const adapter = channelNamed<WhatsAppCloudChannel>(platforms, 'whatsapp').adapter;
  const waId = `861390${String(next()).padStart(5, '0')}`;
  const fresh = cursor(() => graph.delivered(waId).map(shownText));
  return {
    conversationId: waId,
    async say(text) {
      const response = await postWebhook(
        `${platforms.baseUrl}/whatsapp/webhook`,
        envelope({ waId, name: 'Sheena', messages: [textMessage(waId, text, { id: newWamid() })] }),
      );
      if (response.status !== 200) throw new Error(`WhatsApp webhook answered ${response.status}`);
      await adapter.drain();
      return fresh();
    },
    read: async () => fresh(),
  };
}

export async function whatsAppWebCustomer(platforms: Platforms): Promise<ChannelCustomer> {
  const { phone } = platforms;
  const channel = channelNamed<WhatsAppWebChannel>(platforms, 'whatsapp-web');
  const chatId = `861370${String(next()).padStart(5, '0')}@c.us`;
  const fresh = cursor(() => phone.sentTo(chatId));
  // Everything goes out through the outbox: a text is delivered once the leader has taken it out.
  const settled = async () => eventually('the outbox to empty', async () => (await channel.outbox.backlog()) === 0);
  await eventually('the fake WhatsApp Web client to be ready', async () => (await channel.status.read())?.state === 'ready');
  return {
    conversationId: chatId,
    async say(text) {
      phone.clients.at(-1)!.receive(webMessage(chatId, text, { notifyName: 'Ahmed' }));
      await channel.adapter.drain();
      await settled();
      return fresh();
    },
    async read() {
      await settled();
      return fresh();
    },
  };
}

export async function botFrameworkCustomer(platforms: Platforms): Promise<ChannelCustomer> {
  const { connector } = platforms;
  const conversationId = `a:1teams-conversation-${next()}`;
  const fresh = cursor(() => connector.messages(conversationId));
  return {
    conversationId,
    async say(text) {
      // The endpoint answers after the turn, so its replies are at the connector by then.
      const response = await fetch(`${platforms.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(channelActivity(connector.serviceUrl, conversationId, text, { channelId: 'msteams', userName: 'Jordan' })),
      });
      if (response.status !== 200) throw new Error(`/api/messages answered ${response.status}: ${await response.text()}`);
      return fresh();
    },
    read: async () => fresh(),
  };
}
