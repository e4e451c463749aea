/**
 * The Slack desk: agents take handoffs in Slack (cards, threads, buttons, `/baton`), over HTTP or
 * Socket Mode. The only import point of `desks/slack`; see docs/slack-desk.md.
 */

// The desk
export { createSlackDesk, slackClientOptions, type SlackDesk, type SlackDeskOptions } from './slack-desk.js';
export type { SlackDeskService } from './desk-context.js';
export { EVENTS_PATH } from './receivers.js';
export { slackDeskFactory } from './factory.js';
export { SLACK_INBOX_CHANNEL, isSlackInboxChannel, slackInboxChannel, slackThreadKey } from './inbox-keys.js';
export { slackDelivery } from './inbox-record.js';

// Settings
export { channelFor, deskChannels, parseSlackSettings, type SlackAgentDefaults, type SlackConfigInput, type SlackSettings } from './settings.js';

// The card store
export { createMemorySlackCardStore, createRedisSlackCardStore, type SlackCard, type SlackCardStore } from './card-store.js';
export { createMemoryHeldDraftStore, createRedisHeldDraftStore, type HeldDraft, type HeldDraftStore } from './held-drafts.js';

// Agents
export type { LinkedAccount } from './slack-agents.js';
