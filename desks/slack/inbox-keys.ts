/**
 * The names the Slack desk's durable inbox files its entries under, in a module of their own: the
 * at-rest masking and the eraser (bots/) read them without loading the desk and bolt.
 */

/** The inbox channel of every Slack desk: journal keys `inbox:{slack:<bot>}:...`, dedupe marks `seen:{slack:<bot>}:...`. */
export const SLACK_INBOX_CHANNEL = 'slack';

/**
 * The inbox channel of one bot's Slack desk. Bots that share a Redis (and its `REDIS_KEY_PREFIX`) keep
 * their cards under their own `BOT_ID`; their inboxes are apart too, so a survivor of one bot never runs
 * another bot's request through its own Slack app. One hash tag (`{slack:<bot>}`): a Redis Cluster slot.
 * @example slackInboxChannel('shop-assistant') // 'slack:shop-assistant'
 */
export function slackInboxChannel(botId?: string): string {
  return botId ? `${SLACK_INBOX_CHANNEL}:${botId}` : SLACK_INBOX_CHANNEL;
}

/** True for a Slack desk's inbox channel (any bot's), whose entries are Slack request bodies. */
export function isSlackInboxChannel(channel: string): boolean {
  return channel === SLACK_INBOX_CHANNEL || channel.startsWith(`${SLACK_INBOX_CHANNEL}:`);
}

/**
 * Which "conversation" an entry belongs to, for an erase: the ticket thread the request is about
 * (`<channel>/<card ts>`), as the eraser builds it from a ticket's card. A request about no thread (a
 * slash command) gets a key no card has.
 */
export const slackThreadKey = (channel: string, threadTs: string): string => `${channel}/${threadTs}`;
