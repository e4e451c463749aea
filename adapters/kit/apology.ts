/**
 * A turn that throws must not leave the customer in silence: it is logged, and the customer is told,
 * in their language when the channel knows it, that something went wrong. Written once for every channel.
 */

import { lookupLocale } from '../../dialogs/content/locale-tag.js';

/** The apology in each locale, falling back to `en`. */
export type LocalizedApology = Readonly<Record<string, string>> & { readonly en: string };

/** The default apology, English and Chinese. */
export const APOLOGY: LocalizedApology = {
  en: 'Sorry, something went wrong on our side. Please try again in a moment.',
  zh: '抱歉，我们这边出了点问题，请稍后再试。',
};

/** The apology for `locale` ('zh-CN' finds 'zh'), else English. */
export function apologyFor(locale: string | undefined, apology: LocalizedApology = APOLOGY): string {
  return lookupLocale(apology, locale, 'en') ?? apology.en;
}

interface TurnLogger {
  error(object: object, message: string): void;
}

/** Options of `runWithApology`. */
export interface RunWithApologyOptions {
  /** Names the channel in log lines, e.g. 'telegram'. */
  readonly channel: string;
  /** Runs the turn. */
  readonly turn: () => Promise<void>;
  /** Sends the apology; its own failure is logged, never thrown. */
  readonly apologise: (error: unknown) => Promise<unknown>;
  /** Fields for the log line (conversation id, message id). */
  readonly fields?: Record<string, unknown>;
  readonly logger?: TurnLogger;
}

/**
 * Runs a turn; when it throws, logs it and apologises. Never rejects.
 * @example await runWithApology({ channel: 'telegram', turn: () => adapter.run(context), apologise: () => send(apologyFor(locale)) });
 */
export async function runWithApology({ channel, turn, apologise, fields, logger }: RunWithApologyOptions): Promise<void> {
  try {
    await turn();
  } catch (error) {
    logger?.error({ err: error, ...fields }, `${channel}: turn failed`);
    await Promise.resolve()
      .then(() => apologise(error))
      .catch((sendError: unknown) => logger?.error({ err: sendError, ...fields }, `${channel}: could not send the apology either`));
  }
}
