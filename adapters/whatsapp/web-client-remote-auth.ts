/**
 * whatsapp-web.js's RemoteAuth with one fix: restoring a session waits until every file of the profile
 * is written. RemoteAuth resolves its unzip on the extract stream's 'finish', which fires when the zip has
 * been read, not when the files are on disk (unzipper signals that with 'close'); chromium can then start
 * on a half-written profile and WhatsApp asks for a new QR scan. Our session test caught it: right after
 * RemoteAuth's restore, the profile's files were still missing.
 */
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import type WAWebJS from 'whatsapp-web.js';
import type { RemoteAuthStore } from './web-client-session-store.js';

/** The part of unzipper (an optional dependency of whatsapp-web.js, installed with it) used here. */
interface Unzipper {
  Extract(options: { path: string; concurrency?: number }): Writable;
}

/** Options of RemoteAuth, as whatsapp-web.js takes them. */
export interface RemoteAuthOptions {
  store: RemoteAuthStore;
  clientId: string;
  dataPath: string;
  backupSyncIntervalMs: number;
}

/**
 * A RemoteAuth strategy whose restore completes before the browser starts.
 * @param wwebjs the loaded whatsapp-web.js module (imported lazily by the caller).
 */
export function createRemoteAuth(wwebjs: typeof WAWebJS, options: RemoteAuthOptions): WAWebJS.RemoteAuth {
  // Resolved from whatsapp-web.js's own folder: unzipper is its dependency, not ours.
  const fromWwebjs = createRequire(createRequire(import.meta.url).resolve('whatsapp-web.js'));
  const unzipper = fromWwebjs('unzipper') as Unzipper;

  class SettledRemoteAuth extends wwebjs.RemoteAuth {
    /** Replaces RemoteAuth's unzip (called with the zip's path) by one that resolves on 'close'. */
    async unCompressSession(compressedSessionPath: string): Promise<void> {
      const userDataDir = (this as unknown as { userDataDir: string }).userDataDir;
      await new Promise<void>((resolve, reject) => {
        const extract = unzipper.Extract({ path: userDataDir, concurrency: 10 });
        extract.on('error', reject).on('close', () => resolve());
        createReadStream(compressedSessionPath).on('error', reject).pipe(extract);
      });
      await unlink(compressedSessionPath);
    }
  }
  return new SettledRemoteAuth(options);
}
