/**
 * Stored files on the Direct Line channel. The activity log keeps an attachment by its media id only;
 * each time activities are handed to a client (GET activities, the stream) a media attachment gets a
 * fresh signed `contentUrl` (and a `thumbnailUrl` for images), so Web Chat and the widget show it, a
 * link read from an old log page expires, and nothing in the log ever needs rewriting.
 */
import type { Activity } from '../../dialogs/turn-kit.js';
import { mediaOfAttachment } from '../../dialogs/media.js';
import type { MediaSigner } from '../../infra/media/signed-urls.js';
import type { ActivitySet } from './payload-types.js';
import { withoutTrailingSlashes } from '../../infra/text-ends.js';

/** Adds signed URLs to a batch of activities; `origin` makes them absolute for pages on other origins. */
export type PresentActivities = (set: ActivitySet, origin: string) => ActivitySet;

/** The presenter for `signer`; without one, activities pass as they are. */
export function mediaPresenter(signer: Pick<MediaSigner, 'url'> | undefined): PresentActivities {
  if (!signer) return (set) => set;
  const absolute = (url: string, origin: string) => (/^https?:\/\//.test(url) ? url : `${withoutTrailingSlashes(origin)}${url}`);
  const present = (activity: Partial<Activity>, origin: string): Partial<Activity> => {
    if (!activity.attachments?.some((attachment) => mediaOfAttachment(attachment))) return activity;
    return {
      ...activity,
      attachments: activity.attachments.map((attachment) => {
        const media = mediaOfAttachment(attachment);
        if (!media) return attachment;
        const url = absolute(signer.url(media.mediaId), origin);
        return { ...attachment, contentUrl: url, ...(media.kind === 'image' ? { thumbnailUrl: url } : {}) };
      }),
    };
  };
  return (set, origin) => ({ ...set, activities: set.activities.map((activity) => present(activity, origin)) });
}

/** The origin of a Direct Line base URL ('https://shop.example/v3/directline' → 'https://shop.example'). */
export function originOf(base: string): string {
  try {
    return new URL(base).origin;
  } catch {
    return '';
  }
}
