/**
 * The built-in customer channels, in the order they are built and mounted. Adding a channel is one
 * folder exporting a `ChannelFactory` and one line here (docs/guide-add-a-channel.md); a bot may also
 * pass its own list to `buildChannels`.
 */
import { botFrameworkChannelFactory } from './botframework/botframework-factory.js';
import type { ChannelFactory } from './channel-factory.js';
import { telegramChannelFactory } from './telegram/telegram-factory.js';
import { webChannelFactory } from './web/web-factory.js';
import { whatsAppCloudChannelFactory } from './whatsapp/cloud-api-factory.js';
import { whatsAppWebChannelFactory } from './whatsapp/web-client-channel-factory.js';

export { buildChannels, type ChannelDeps, type ChannelFactory, type ChannelStores } from './channel-factory.js';

/** Web first (always on); Bot Framework last, as the fallback for channel ids no other channel claims. */
export const BUILT_IN_CHANNELS: readonly ChannelFactory[] = [
  webChannelFactory,
  telegramChannelFactory,
  whatsAppCloudChannelFactory,
  whatsAppWebChannelFactory,
  botFrameworkChannelFactory,
];
