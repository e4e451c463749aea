/**
 * What is running, for `baton_build_info`: Baton's version (package.json), the commit it was built from
 * (BUILD_COMMIT, set by `docker build --build-arg BUILD_COMMIT=...`) and the Node version. A dashboard
 * then shows which replicas run what during a rolling update.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The labels of `baton_build_info`. */
export interface BuildInfo {
  version: string;
  commit: string;
  node: string;
}

/**
 * Reads the version from the nearest package.json above `from` (this file: `infra/` in the sources,
 * `dist/infra/` once compiled; both lie under the project's package.json).
 */
export function readBuildInfo({ commit, from = import.meta.url }: { commit?: string; from?: string } = {}): BuildInfo {
  let version = 'unknown';
  for (let folder = dirname(fileURLToPath(from)); ; folder = dirname(folder)) {
    const file = join(folder, 'package.json');
    if (existsSync(file)) {
      version = String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version ?? 'unknown');
      break;
    }
    if (dirname(folder) === folder) break;
  }
  return { version, commit: commit ?? 'unknown', node: process.versions.node };
}
